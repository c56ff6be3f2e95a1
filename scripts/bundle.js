// Bundles the CLI with esbuild into dist/bundle/: one module graph instead of hundreds of files makes a cold
// start about twice as fast (measured by `npm run bench`, startup.first_frame_ms). Commands stay lazily loaded
// chunks. dist/ (tsc's per-module output) is kept for the benchmark.
import {build} from 'esbuild';
import {rm} from 'node:fs/promises';

await rm(new URL('../dist/bundle', import.meta.url), {recursive: true, force: true});
await build({
  entryPoints: ['source/cli.tsx'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist/bundle',
  jsx: 'automatic',
  // Ink loads react-devtools-core only when DEV is set; it is not a dependency.
  external: ['react-devtools-core'],
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
  // React's and Ink's production builds: the development builds diff every prop deeply for the profiler and keep
  // each render's performance.measure() entries, which on a 20,000-event timeline grew to gigabytes.
  define: {'process.env.NODE_ENV': '"production"'},
  // The ES module builds where a package has them (the AWS SDK does): esbuild can drop what is never imported, and
  // the SDK's lazily imported credential providers become chunks of their own instead of code compiled at start-up.
  // Measured: the first frame of `demo` ~140 ms sooner (bench startup.first_frame_ms).
  mainFields: ['module', 'main'],
  minifySyntax: true,
  logLevel: 'warning',
});
