// The JSON Schemas (draft 2020-12) of the console's JSON outputs, generated from the zod schemas their code is typed
// by: what docs/schemas/ holds (test/docs/json-schemas-doc.test.ts fails when the files and these differ, and
// writes them again with UPDATE_DOCS=1). Not part of the CLI: only the docs and the tests use it.
import * as z from 'zod/mini';
import {CleanupJsonSchema} from './cleanup-json-schema.js';
import {DeploymentsJsonSchema} from './deployments-json-schema.js';
import {LadderJsonSchema} from './ladder-json-schema.js';
import {PostMortemJsonSchema} from './postmortem-json-schema.js';
import {PreflightJsonSchema} from './preflight-json-schema.js';
import {WatchLineSchema} from './watch-line-schema.js';

export interface OutputSchema {
  /** The file in docs/schemas/. */
  file: string;
  title: string;
  description: string;
  schema: z.core.$ZodType;
}

export const OUTPUT_SCHEMAS: readonly OutputSchema[] = [
  {
    file: 'postmortem.schema.json',
    title: 'panther-console postmortem --format json',
    description: "The post-mortem of a root stack's latest operation. docs/output-formats.md says what each part means.",
    schema: PostMortemJsonSchema,
  },
  {
    file: 'ladder.schema.json',
    title: 'panther-console ladder --format json',
    description: 'The upgrade ladder: one rung per minor, each at its recommended patch. Versions without the v; URLs carry it.',
    schema: LadderJsonSchema,
  },
  {
    file: 'preflight.schema.json',
    title: 'panther-console preflight --format json',
    description: 'The checks before a first deploy, their verdict and the API calls they took.',
    schema: PreflightJsonSchema,
  },
  {
    file: 'cleanup.schema.json',
    title: 'panther-console cleanup --format json',
    description:
      'What a failed first deploy left behind: the root stack to delete (and whether it is one), every resource its rollback retained with whether it still exists and holds data and the command that removes it, and what --execute did.',
    schema: CleanupJsonSchema,
  },
  {
    file: 'deployments.schema.json',
    title: 'panther-console deployments --format json',
    description:
      'Every Panther root stack in the profiles x regions read (each listed once, with every profile that sees it), and the profiles and regions that could not be read, with why.',
    schema: DeploymentsJsonSchema,
  },
  {
    file: 'watch-line.schema.json',
    title: 'panther-console watch --format json (one line)',
    description:
      'One JSON line of watch: an event, a stack whose status changed (right after the event that changed it), or, last, the post-mortem of the operation.',
    schema: WatchLineSchema,
  },
];

/** One schema as its file holds it: $schema, title and description first. */
export function jsonSchemaDocument(entry: OutputSchema): Record<string, unknown> {
  const generated = z.toJSONSchema(entry.schema, {
    target: 'draft-2020-12',
    // A count's upper bound is JavaScript's safe integer: noise to a reader.
    override: ({jsonSchema}) => {
      if (jsonSchema.type === 'integer' && jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    },
  });
  const {$schema, ...rest} = generated as Record<string, unknown>;
  return {$schema, title: entry.title, description: entry.description, ...rest};
}

/** The file's text: two-space JSON and a final newline. */
export function jsonSchemaText(entry: OutputSchema): string {
  return `${JSON.stringify(jsonSchemaDocument(entry), null, 2)}\n`;
}
