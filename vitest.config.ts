import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Ink draws nothing until exit when CI=true; frame tests need it off.
    env: {CI: 'false', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: ''},
    testTimeout: 20000,
    pool: 'forks',
    globalSetup: ['test/support/build-once.ts'],
  },
});
