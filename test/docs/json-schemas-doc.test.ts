// docs/schemas/*.schema.json are the JSON outputs' schemas as a script reads them, generated from the zod schemas
// the output code is typed by (source/report/json-schemas.ts). The test fails when they drift apart;
// `UPDATE_DOCS=1 npx vitest run test/docs` writes them again.
import {mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {jsonSchemaText, OUTPUT_SCHEMAS} from '../../source/report/json-schemas.js';

const dir = fileURLToPath(new URL('../../docs/schemas/', import.meta.url));

describe('docs/schemas', () => {
  if (process.env.UPDATE_DOCS) {
    mkdirSync(dir, {recursive: true});
    for (const entry of OUTPUT_SCHEMAS) writeFileSync(join(dir, entry.file), jsonSchemaText(entry));
  }

  it.each(OUTPUT_SCHEMAS.map(e => [e.file, e] as const))('%s is the zod schema of that output', (file, entry) => {
    expect(readFileSync(join(dir, file), 'utf8')).toBe(jsonSchemaText(entry));
  });

  it('holds no other schema', () => {
    expect(readdirSync(dir).sort()).toEqual(OUTPUT_SCHEMAS.map(e => e.file).sort());
  });
});
