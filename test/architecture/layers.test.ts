// The layers of source/ and the imports they may not make, checked over the whole import graph (static `import`,
// `export ... from` and dynamic `import()`, type-only ones included: a type is a dependency too).
//
// Data flows aws -> store -> domain -> ui/report. `domain` is generic CloudFormation logic (stack trees,
// operations, timelines, diagnosis, parameter reconciliation, change-set review); `panther` is what is true of
// Panther only (its catalog, parameters, regions, template URLs, stacks, versions) and the logic that exists only
// for Panther (version detection, the ladder, migrations, the upgrade walk, preflight checks).
// The direction between them is panther -> domain, never domain -> panther: Panther's knowledge is written in
// domain's generic vocabulary (Stack, StackEvent, reconcileParameters, change reviews, access denials), while
// nothing generic needs to know it is looking at Panther (when it must, it takes Panther's facts as parameters).
// The other way round would put Panther's version rules under every generic module that needs a Stack type.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import ts from 'typescript';
import {describe, expect, it} from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE = 'source';

/** Every layer: a folder of source/, or one of the two top-level files. A file elsewhere fails the check. */
const LAYERS = ['aws', 'store', 'domain', 'panther', 'report', 'ui', 'upgrade', 'commands', 'sim', 'text', 'cli', 'main', 'errors', 'io'] as const;
type Layer = (typeof LAYERS)[number];

/** Node's I/O modules, in both spellings (`node:fs`, `fs`), with their subpaths (`fs/promises`). */
const IO = ['fs', 'net', 'http', 'https', 'http2', 'child_process', 'dgram', 'tls'].flatMap(m => [m, `${m}/*`, `node:${m}`, `node:${m}/*`]);
const UI_LIBS = ['react', 'react/*', 'ink', 'ink-*'];
const SDK = ['@aws-sdk/*', '@smithy/*'];
const ALL_BUT = (...layers: Layer[]): Layer[] => LAYERS.filter(l => !layers.includes(l));

interface Rule {
  /** Shown after each offending edge. */
  name: string;
  /** The layers whose files the rule applies to. */
  from: readonly Layer[];
  /** What they may not import: layer names, or package specifiers (a trailing `*` matches any rest). */
  to: readonly string[];
  /** Files exempt from the rule, each with the reason. */
  except?: Readonly<Record<string, string>>;
}

const RULES: readonly Rule[] = [
  {name: 'errors is a leaf every layer may throw from', from: ['errors'], to: ALL_BUT('errors')},
  {name: 'io reads files for the layers above it, and knows none of them', from: ['io'], to: ALL_BUT('io')},
  {name: 'aws does not import store', from: ['aws'], to: ['store', 'ui', 'report', 'upgrade', 'commands', 'cli']},
  {name: 'only aws sees the SDK', from: ALL_BUT('aws'), to: SDK},
  {name: 'store does not import ui', from: ['store'], to: ['ui', 'report', 'upgrade', 'commands', 'cli']},
  {name: 'ui does not import aws', from: ['ui'], to: ['aws', ...SDK]},
  {
    name: 'domain is pure and generic',
    from: ['domain'],
    to: ['panther', 'aws', 'store', 'ui', 'report', 'commands', 'upgrade', 'sim', 'cli', 'io', ...IO, ...UI_LIBS],
  },
  {
    name: 'panther is pure knowledge over domain',
    from: ['panther'],
    to: ['aws', 'store', 'ui', 'report', 'commands', 'upgrade', 'sim', 'cli', 'io', ...IO, ...UI_LIBS],
  },
  {
    name: 'production code does not import the sim',
    from: ALL_BUT('sim'),
    to: ['sim'],
    except: {
      'source/commands/demo.ts': 'the demo command runs the console against the simulated account',
      'source/commands/sim.ts': 'the sim command serves the simulated account',
      'source/commands/replay.ts': 'the replay command serves a recorded bundle through the sim',
    },
  },
];

interface Edge {
  /** A file, relative to the repository: `source/aws/errors.ts`. */
  from: string;
  /** A resolved file (`source/store/snapshot.ts`) or a package specifier (`node:fs`, `react`). */
  to: string;
}

/** The layer of a file under source/, or null when it is in none of LAYERS. */
function layerOf(file: string): Layer | null {
  const parts = file.split('/');
  if (parts[0] !== SOURCE || parts.length < 2) return null;
  const name = parts.length === 2 ? parts[1].replace(/\.tsx?$/, '') : parts[1];
  return (LAYERS as readonly string[]).includes(name) ? (name as Layer) : null;
}

function matches(pattern: string, specifier: string): boolean {
  return pattern.endsWith('*') ? specifier.startsWith(pattern.slice(0, -1)) : specifier === pattern;
}

/** Every edge that breaks a rule, as `from → to (rule)`, and every file outside the known layers. */
function violations(edges: readonly Edge[], rules: readonly Rule[] = RULES): string[] {
  const out: string[] = [];
  const files = new Set(edges.flatMap(e => [e.from, ...(e.to.startsWith(`${SOURCE}/`) ? [e.to] : [])]));
  for (const file of [...files].sort()) {
    if (!layerOf(file)) out.push(`${file} is in no layer (add its folder to LAYERS and give it rules)`);
  }
  for (const edge of edges) {
    const from = layerOf(edge.from);
    if (!from) continue;
    const to = edge.to.startsWith(`${SOURCE}/`) ? layerOf(edge.to) : null;
    for (const rule of rules) {
      if (!rule.from.includes(from) || rule.except?.[edge.from]) continue;
      const hit = to ? to !== from && rule.to.includes(to) : !edge.to.startsWith(`${SOURCE}/`) && rule.to.some(p => matches(p, edge.to));
      if (hit) out.push(`${edge.from} → ${edge.to} (${rule.name})`);
    }
  }
  return out;
}

/** The specifiers a file's text imports: static imports and re-exports (type-only included) and dynamic import(). */
function specifiersOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map(f => f.fileName);
}

/** A relative specifier resolved to a file of the repository (`./x.js` is `x.ts` or `x.tsx`); packages as they are. */
function resolve(fromFile: string, specifier: string, exists: (file: string) => boolean): string {
  if (!specifier.startsWith('.')) return specifier;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  const stem = base.replace(/\.(js|jsx|ts|tsx)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${base}/index.ts`, `${base}/index.tsx`];
  return candidates.find(exists) ?? base;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(REPO, dir), {withFileTypes: true}).flatMap(entry => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** The import graph of source/. */
function importGraph(): Edge[] {
  const files = sourceFiles(SOURCE);
  const known = new Set(files);
  return files.flatMap(from => {
    const text = fs.readFileSync(path.join(REPO, from), 'utf8');
    const targets = new Set(specifiersOf(text).map(specifier => resolve(from, specifier, f => known.has(f))));
    return [...targets].map(to => ({from, to}));
  });
}

describe('layers', () => {
  const graph = importGraph();

  it('reads the whole graph (a parser that found nothing would pass every rule)', () => {
    expect(new Set(graph.map(e => e.from)).size).toBeGreaterThan(150);
    expect(graph).toContainEqual({from: 'source/commands/demo.ts', to: 'source/sim/index.ts'});
    expect(graph).toContainEqual({from: 'source/domain/root-cause.ts', to: 'source/domain/types.ts'});
    // Every relative import resolves to a file of source/ (an unresolved one would have no layer to check).
    const unresolved = graph.filter(e => e.to.startsWith(`${SOURCE}/`) && !fs.existsSync(path.join(REPO, e.to)));
    expect(unresolved).toEqual([]);
  });

  it('has no import that breaks a rule', () => {
    const found = violations(graph);
    expect(found, `imports that break the layers:\n${found.join('\n')}`).toEqual([]);
  });

  it('names a rule exception only for a file that exists and needs it', () => {
    for (const rule of RULES) {
      for (const file of Object.keys(rule.except ?? {})) {
        const needed = violations(graph, [{...rule, except: {}}]).some(v => v.startsWith(`${file} → `));
        expect(needed, `${file}: exception to "${rule.name}" is not used`).toBe(true);
      }
    }
  });
});

describe('the checker itself', () => {
  it('reads static, re-exported, type-only and dynamic imports', () => {
    const text = [
      "import {a} from './a.js';",
      "import type {B} from '../store/b.js';",
      "export {c} from './c.js';",
      "export * from './d.js';",
      "import './side-effect.js';",
      "const m = await import('../sim/index.js');",
      "import fs from 'node:fs';",
    ].join('\n');
    expect(specifiersOf(text).sort()).toEqual(['../sim/index.js', '../store/b.js', './a.js', './c.js', './d.js', './side-effect.js', 'node:fs']);
  });

  it('catches planted back-edges and lists each one', () => {
    const planted: Edge[] = [
      {from: 'source/aws/errors.ts', to: 'source/store/snapshot.ts'},
      {from: 'source/domain/ladder.ts', to: 'source/panther/catalog.ts'},
      {from: 'source/domain/tree.ts', to: 'node:fs/promises'},
      {from: 'source/domain/tree.ts', to: 'ink'},
      {from: 'source/panther/catalog.ts', to: 'child_process'},
      {from: 'source/commands/watch.ts', to: 'source/sim/index.ts'},
      {from: 'source/store/store.ts', to: 'source/ui/state.ts'},
      {from: 'source/ui/App.tsx', to: 'source/aws/gateway.ts'},
      {from: 'source/report/bundle.ts', to: '@aws-sdk/client-s3'},
      {from: 'source/extra/x.ts', to: 'source/domain/types.ts'},
    ];
    expect(violations(planted)).toEqual([
      'source/extra/x.ts is in no layer (add its folder to LAYERS and give it rules)',
      'source/aws/errors.ts → source/store/snapshot.ts (aws does not import store)',
      'source/domain/ladder.ts → source/panther/catalog.ts (domain is pure and generic)',
      'source/domain/tree.ts → node:fs/promises (domain is pure and generic)',
      'source/domain/tree.ts → ink (domain is pure and generic)',
      'source/panther/catalog.ts → child_process (panther is pure knowledge over domain)',
      'source/commands/watch.ts → source/sim/index.ts (production code does not import the sim)',
      'source/store/store.ts → source/ui/state.ts (store does not import ui)',
      'source/ui/App.tsx → source/aws/gateway.ts (ui does not import aws)',
      'source/report/bundle.ts → @aws-sdk/client-s3 (only aws sees the SDK)',
    ]);
  });

  it('lets the allowed edges through: the same layer, the sim commands, the downward direction', () => {
    const allowed: Edge[] = [
      {from: 'source/domain/ladder.ts', to: 'source/domain/types.ts'},
      {from: 'source/panther/ladder.ts', to: 'source/domain/rung-parameters.ts'},
      {from: 'source/commands/demo.ts', to: 'source/sim/index.ts'},
      {from: 'source/sim/server.ts', to: 'node:http'},
      {from: 'source/store/store.ts', to: 'source/aws/gateway.ts'},
      {from: 'source/aws/clients.ts', to: '@aws-sdk/client-cloudformation'},
      {from: 'source/cli.tsx', to: 'source/commands/watch.ts'},
      {from: 'source/panther/version.ts', to: 'semver'},
    ];
    expect(violations(allowed)).toEqual([]);
  });
});
