#!/usr/bin/env node
// PANTHER_CONSOLE_DEBUG=1 prints the stack of an unexpected error; the bundle's source map makes it point at
// source/ (maps apply only to modules loaded after they are enabled, hence the dynamic import).
if (process.env.PANTHER_CONSOLE_DEBUG) process.setSourceMapsEnabled(true);
await import('../dist/bundle/cli.js');
