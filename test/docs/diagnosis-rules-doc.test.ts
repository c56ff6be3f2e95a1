// docs/diagnosis-rules.md is the diagnosis table as a reader sees it, generated from source/domain/diagnosis-rules.ts.
// The test fails when the two drift apart; `UPDATE_DOCS=1 npx vitest run test/docs` writes the page again.
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {CATEGORY_LABELS} from '../../source/domain/category-labels.js';
import {DIAGNOSIS_RULES} from '../../source/domain/diagnosis-rules.js';

const page = fileURLToPath(new URL('../../docs/diagnosis-rules.md', import.meta.url));
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function renderPage(): string {
  const out = [
    '# Diagnosis rules',
    '',
    'Generated from `source/domain/diagnosis-rules.ts` (a test fails when this page and the table differ;',
    '`UPDATE_DOCS=1 npx vitest run test/docs` writes it again). The first row that matches a failure gives its',
    "category and hint. A pattern is tested on AWS's message without its wrappers, followed by its error codes",
    '(`HandlerErrorCode: X`, the service error code, `Status Code: N`). In a hint, `{fact}` is a fact read from the event',
    '(`{a|b|words}`: the first one known, else the words), `[ … ]` is kept only when its facts are known, and `{matched}`',
    'is the part of the message the pattern matched. `docs/diagnosis.md` says how the table is tested and measured.',
    '',
    '| # | rule | category | when (pattern; types; statuses) | hint |',
    '|---|---|---|---|---|',
  ];
  DIAGNOSIS_RULES.forEach((r, i) => {
    const when = [`\`${r.pattern.source}\``, r.types && `types \`${r.types.source}\``, r.statuses && `statuses \`${r.statuses.source}\``]
      .filter(Boolean)
      .join('; ');
    out.push(`| ${i + 1} | \`${r.id}\` | ${r.category} (${CATEGORY_LABELS[r.category]}) | ${cell(when)} | ${cell(r.hint)} |`);
  });
  out.push('', 'No row matches: `unknown`, with a hint to read the whole reason (and the CloudTrail calls, when they are read).', '');
  return out.join('\n');
}

describe('docs/diagnosis-rules.md', () => {
  it('is the diagnosis table as it is in the code', () => {
    const expected = renderPage();
    if (process.env.UPDATE_DOCS) writeFileSync(page, expected);
    expect(readFileSync(page, 'utf8')).toBe(expected);
  });
});
