// The diagnosis corpus (test/fixtures/diagnosis-corpus/): real failure reasons from public trackers, labelled with
// the category a person would give them and the facts a hint must name. Loaded and checked here; scored the same way
// by the tests and by `npm run bench` (bench/diagnosis-corpus.js).
import {readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {Category} from '../../source/domain/types.js';

export interface CorpusEntry {
  id: string;
  source: string;
  service: string;
  resourceType: string;
  status: string;
  logicalResourceId?: string;
  physicalResourceId?: string;
  reason: string;
  category: Category;
  /** Each fact must appear in the hint (case-insensitive); an array is a choice of wordings. */
  facts: Array<string | string[]>;
  /** What the console still gets wrong about this entry, and why: the test holds it to being wrong until fixed. */
  gap?: {category?: boolean; facts?: boolean; why: string};
  file: string;
}

export const CORPUS_DIR = fileURLToPath(new URL('../fixtures/diagnosis-corpus/', import.meta.url));

/** The next steps the README lets a label name in its own words (every other fact is copied from the reason). */
export const NEXT_STEP_WORDS = [
  'organisation admins',
  'Service Quotas',
  'another name',
  'import',
  'cfn-signal',
  'log group',
  'stopped tasks',
  'service-linked role',
  'empty',
  'transient',
];

export function loadCorpus(): CorpusEntry[] {
  return readdirSync(CORPUS_DIR)
    .filter(f => f.endsWith('.json'))
    .sort()
    .flatMap(file => (JSON.parse(readFileSync(CORPUS_DIR + file, 'utf8')) as Omit<CorpusEntry, 'file'>[]).map(e => ({...e, file})));
}

/** The facts of `entry` its hint does not name. */
export function missingFacts(entry: Pick<CorpusEntry, 'facts'>, hint: string): Array<string | string[]> {
  const h = hint.toLowerCase();
  return entry.facts.filter(f => !(Array.isArray(f) ? f : [f]).some(w => h.includes(w.toLowerCase())));
}

/** The nested stack key an entry is planted under (the sim's stack names take letters, digits and dashes). */
export const plantKey = (id: string) => id.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 60);
