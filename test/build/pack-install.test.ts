// The package as a user installs it: npm pack, npm install -g into a temporary prefix, then the installed command
// with no repository, no node_modules and no network around it. (--ignore-scripts: the suite's global setup has
// built dist/ already, and rebuilding it here would race the other CLI tests; prepack is checked below.)
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliReady} from '../support/cli-ready.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = join(root, 'test/fixtures/rolled-back.bundle.json.gz');

interface PackResult {
  filename: string;
  entryCount: number;
  files: {path: string}[];
}

describe('npm pack, npm install -g, run', () => {
  let dir: string;
  let pack: PackResult;
  let bin: string;
  /** Far from the checkout, with no AWS set-up: what a new machine has. */
  const run = (args: string[]) =>
    spawnSync(bin, args, {
      cwd: dir,
      encoding: 'utf8',
      env: {PATH: process.env.PATH, HOME: dir, CI: 'true', AWS_EC2_METADATA_DISABLED: 'true'},
      timeout: 60_000,
    });

  beforeAll(async () => {
    await cliReady();
    dir = mkdtempSync(join(tmpdir(), 'panther-pack-'));
    const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {cwd: root, encoding: 'utf8'});
    pack = (JSON.parse(out) as PackResult[])[0]!;
    execFileSync('npm', ['install', '-g', '--prefix', join(dir, 'prefix'), '--offline', '--no-audit', '--no-fund', join(dir, pack.filename)], {
      cwd: dir,
      encoding: 'utf8',
      env: {...process.env, npm_config_cache: join(dir, 'npm-cache')},
    });
    bin = join(dir, 'prefix', 'bin', 'panther-console');
  }, 240_000);
  afterAll(() => {
    if (dir) rmSync(dir, {recursive: true, force: true});
  });

  it('holds the bundle, its source map, the licenses, the docs and the README: under 40 files', () => {
    const paths = pack.files.map(f => f.path).sort();
    expect(pack.entryCount).toBeLessThan(40);
    for (const needed of [
      'bin/panther-console.js',
      'dist/bundle/cli.js',
      'dist/bundle/cli.js.map',
      'dist/bundle/THIRD-PARTY-LICENSES.txt',
      'LICENSE',
      'README.md',
      'package.json',
    ])
      expect(paths).toContain(needed);
    expect(paths.filter(p => /^(test|source|bench|scripts|screenshots|\.ci)\//.test(p))).toEqual([]);
  });

  it('installs nothing beside itself (the bundle holds every dependency)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {dependencies?: object; scripts: Record<string, string>};
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.scripts.prepack).toMatch(/npm run build/);
    expect(readFileSync(join(dir, 'prefix/lib/node_modules/panther-console/package.json'), 'utf8')).toContain('"name": "panther-console"');
  });

  it('the installed command prints its version', () => {
    const r = run(['--version']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    expect(r.status).toBe(0);
  });

  it('the installed command finds the root cause in a replayed support bundle, offline, with no credentials', () => {
    const r = run(['postmortem', '--replay', fixture, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const pm = JSON.parse(r.stdout) as {rootCause: {logicalResourceId: string; deleted: boolean}};
    expect(pm.rootCause).toMatchObject({logicalResourceId: 'AuditLogsBucket', deleted: true});
  });

  it('ships a source map that leads back to source/ (PANTHER_CONSOLE_DEBUG=1 turns it on for stack traces)', () => {
    const installed = join(dir, 'prefix/lib/node_modules/panther-console');
    const map = JSON.parse(readFileSync(join(installed, 'dist/bundle/cli.js.map'), 'utf8')) as {sources: string[]; sourcesContent: string[]};
    expect(map.sources).toContain('../../source/cli.tsx');
    const commands = JSON.parse(readFileSync(join(installed, 'dist/bundle/main.js.map'), 'utf8')) as {sources: string[]};
    expect(commands.sources).toContain('../../source/commands/postmortem.ts');
    expect(map.sourcesContent.length).toBe(map.sources.length);
    expect(readFileSync(join(installed, 'bin/panther-console.js'), 'utf8')).toMatch(/PANTHER_CONSOLE_DEBUG\) process\.setSourceMapsEnabled\(true\)/);
  });
});
