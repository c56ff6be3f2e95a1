// `ladder --format json` (docs/output-formats.md) as a zod schema: the type ladder-json.ts returns, and the source
// of docs/schemas/ladder.schema.json. Versions are printed without the `v`; URLs carry it.
import * as z from 'zod/mini';
import {version} from './output-schema-parts.js';

const url = z.string().check(z.regex(/^https:\/\//));

export const LadderJsonSchema = z.strictObject({
  from: version,
  to: version,
  region: z.string(),
  rungs: z.array(
    z.strictObject({
      version,
      templateUrl: url,
      deploymentRoleTemplateUrl: url,
      migrations: z.array(z.strictObject({id: z.string(), title: z.string(), action: z.string()})),
      after: z.array(z.string()),
    }),
  ),
});

export type LadderJson = z.output<typeof LadderJsonSchema>;
