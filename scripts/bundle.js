// Bundles the CLI with esbuild into one file, dist/bundle/cli.js, with its source map: the package then ships two
// files instead of a node_modules tree (npm install -g installs nothing else). One module graph starts about twice
// as fast as tsc's per-module dist/ (measured by `npm run bench`, startup.first_frame_ms); dist/ is kept for the
// benchmark and the tests. Lazily imported modules stay lazy inside the file (esbuild wraps them), so a command
// pays for parsing the others but never runs them.
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
const result = await build({
  entryPoints: ['source/cli.tsx'],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist/bundle',
  jsx: 'automatic',
  // A stack trace under PANTHER_CONSOLE_DEBUG=1 points at source/ (the CLI turns source maps on then).
  sourcemap: true,
  metafile: true,
  // Ink loads react-devtools-core only when DEV=true; it is not a dependency. In one file its import would be
  // hoisted to start-up, so it resolves to a stub that says so.
  plugins: [devtoolsStub],
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
});
await writeFile('dist/bundle/THIRD-PARTY-LICENSES.txt', await thirdPartyLicenses(Object.keys(result.metafile.inputs)));

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
  const header = `panther-console's bundle (cli.js) includes code of these ${sections.length} packages, under their licenses.`;
  return `${header}\n\n${sections.join(`\n\n${'-'.repeat(78)}\n\n`)}\n`;
}
