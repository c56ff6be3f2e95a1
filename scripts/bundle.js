// Bundles the CLI with esbuild into two files, dist/bundle/cli.js (the launcher) and main.js (the commands), with
// their source maps: the package ships them instead of a node_modules tree (npm install -g installs nothing else).
// One module graph starts about twice as fast as tsc's per-module dist/ (measured by `npm run bench`,
// startup.first_frame_ms); dist/ is kept for the benchmark and the tests. Lazily imported modules stay lazy inside
// main.js (esbuild wraps them), so a command pays for parsing the others but never runs them.
import {build} from 'esbuild';
import {readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';

/** react-devtools-core as a module that explains itself if Ink ever reaches for it (DEV=true). */
const devtoolsStub = {
  name: 'react-devtools-core-stub',
  setup(b) {
    b.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'stub'}));
    b.onLoad({filter: /.*/, namespace: 'stub'}, () => ({
      contents: "export default {initialize() {}, connectToDevTools() { throw new Error('React DevTools are not part of panther-console'); }};",
      loader: 'js',
    }));
  },
};

await rm(new URL('../dist/bundle', import.meta.url), {recursive: true, force: true});

/** What both files are built with. @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist/bundle',
  jsx: 'automatic',
  // A stack trace under PANTHER_CONSOLE_DEBUG=1 points at source/ (bin/panther-console.js turns source maps on).
  sourcemap: true,
  metafile: true,
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
  // React's and Ink's production builds: the development builds diff every prop deeply for the profiler and keep
  // each render's performance.measure() entries, which on a 20,000-event timeline grew to gigabytes.
  define: {'process.env.NODE_ENV': '"production"'},
  // The ES module builds where a package has them (the AWS SDK does): esbuild can drop what is never imported, and
  // the SDK's lazily imported credential providers stay lazy. Measured: the first frame of `demo` ~140 ms sooner.
  mainFields: ['module', 'main'],
  minifySyntax: true,
  logLevel: 'warning',
};

// The launcher (cli.js): the command line, --help, --version and the one-line errors, small enough that they answer
// at once. It loads main.js, the commands with everything they need, only to run one; main.js stays a file of its
// own (not a chunk: esbuild would split the SDK's lazy imports into dozens of them).
const launcher = await build({
  ...common,
  entryPoints: ['source/cli.tsx'],
  plugins: [{name: 'main-stays-apart', setup: b => b.onResolve({filter: /^\.\/main\.js$/}, () => ({path: './main.js', external: true}))}],
});
const commands = await build({
  ...common,
  entryPoints: ['source/main.ts'],
  // Ink loads react-devtools-core only when DEV=true; it is not a dependency. In one file its import would be
  // hoisted to start-up, so it resolves to a stub that says so.
  plugins: [devtoolsStub],
});
const metafiles = /** @type {import('esbuild').Metafile[]} */ ([launcher.metafile, commands.metafile]);
const inputs = new Set(metafiles.flatMap(m => Object.keys(m.inputs)));
await writeFile('dist/bundle/THIRD-PARTY-LICENSES.txt', await thirdPartyLicenses([...inputs]));

/** The license of every package the bundle holds code of, as their authors wrote it (they ship inside cli.js). */
async function thirdPartyLicenses(inputs) {
  const roots = new Set();
  for (const input of inputs) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) roots.add(m[1]);
  }
  const sections = [];
  for (const root of [...roots].sort()) {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
    let text = null;
    for (const name of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'license.md', 'LICENCE', 'LICENSE-MIT']) {
      text = await readFile(join(root, name), 'utf8').catch(() => null);
      if (text !== null) break;
    }
    sections.push(`${pkg.name}@${pkg.version} (${pkg.license ?? 'see its package'})\n\n${(text ?? `License: ${pkg.license}`).trim()}`);
  }
  const header = `panther-console's bundle (cli.js, main.js) includes code of these ${sections.length} packages, under their licenses.`;
  return `${header}\n\n${sections.join(`\n\n${'-'.repeat(78)}\n\n`)}\n`;
}
