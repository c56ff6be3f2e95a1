// Defect 4: untrusted text in a Markdown report (a ticket) must render as text: no link, image or HTML node comes
// from it, whatever field it was planted in (reason, stack name, resource name, parameter value, hint, migration
// text, notes), and it adds no heading, list, quote or table cell. Checked with a real CommonMark parser.
import {describe, expect, it} from 'vitest';
import {planLadder, type Ladder} from '../../source/panther/ladder.js';
import type {PreflightReport} from '../../source/panther/preflight/types.js';
import type {PostMortem} from '../../source/domain/types.js';
import {defaultCatalog} from '../../source/panther/catalog.js';
import {ladderMarkdown} from '../../source/report/ladder-markdown.js';
import {cell, code, inline} from '../../source/report/markdown.js';
import {postMortemMarkdown} from '../../source/report/postmortem-markdown.js';
import {preflightMarkdown} from '../../source/report/preflight-markdown.js';
import {failedPostMortem} from './fixtures.js';
import {HOSTILE, HOSTILE_STARTS, parseMarkdown, structure, unsafeNodes, VISIBLE} from './hostile.js';

/** The text a reader sees: tags gone, entities decoded. */
function renderedText(md: string): string {
  return parseMarkdown(md)
    .html.replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

function expectInert(md: string, harmless: string): void {
  expect(unsafeNodes(md)).toEqual([]);
  // The same headings, lists, quotes, tables and emphasis as the report made of harmless text.
  expect(structure(md)).toEqual(structure(harmless));
  const text = renderedText(md);
  for (const v of VISIBLE) expect(text).toContain(v);
  expect(text).toContain('&#x202E;');
  expect(text).not.toMatch(/[\u202a-\u202e]/);
}

function hostilePostMortem(h: string, start: string): PostMortem {
  const pm = failedPostMortem();
  pm.stack.name = h;
  pm.stack.statusReason = h;
  const rc = pm.rootCause!;
  Object.assign(rc, {reason: h, hint: h, logicalResourceId: h, physicalResourceId: h, stackName: h, category: h});
  pm.chain[1]!.reason = h;
  pm.chain[0]!.stackName = h;
  pm.otherFailures[0] = {...pm.otherFailures[0]!, reason: h, logicalResourceId: h, stackName: h};
  pm.deniedCalls[0] = {...pm.deniedCalls[0]!, errorMessage: h, principal: h};
  pm.notes = [`${start} ${h}`, h];
  return pm;
}

function hostilePreflight(h: string, start: string): PreflightReport {
  return {
    stackName: h,
    region: h,
    account: h,
    principal: h,
    version: h,
    paramsFile: h,
    checks: [
      {id: 'a', group: 'identity', title: h, status: 'fail', found: h, action: h},
      {id: 'b', group: 'parameters', title: `${start} ${h}`, status: 'warn', found: `${start} x`, action: ''},
    ],
    apiCalls: {IAM: 3},
  };
}

function hostileLadder(h: string, start: string): Ladder {
  const ladder = planLadder({
    from: '1.17.4',
    to: '1.22',
    catalog: defaultCatalog(),
    region: 'us-east-2',
    parameters: {PipLibraries: h, CustomDomain: h},
    supplied: {},
    domain: h,
  });
  // Migration lines, blockers, after-steps and notes carry text from the stack and the catalog file.
  for (const rung of ladder.rungs) {
    for (const m of rung.migrations) {
      m.title = `${start} ${h}`;
      m.action = h;
    }
    rung.after = [h];
    rung.notes = [`${start} ${h}`];
    for (const b of rung.blocked) b.message = h;
  }
  ladder.notes = [`${start} ${h}`];
  return ladder;
}

describe.each(HOSTILE_STARTS)('Markdown reports with hostile text (a line starting %j)', start => {
  it('post-mortem: no link, image or HTML from the reason, names, hint, notes', () => {
    expectInert(postMortemMarkdown(hostilePostMortem(HOSTILE, start)), postMortemMarkdown(hostilePostMortem('harmless', 'plain')));
  });

  it('preflight: none from the stack name, region, checks', () => {
    expectInert(preflightMarkdown(hostilePreflight(HOSTILE, start)), preflightMarkdown(hostilePreflight('harmless', 'plain')));
  });

  it('ladder: none from a CustomDomain value, migration text, notes, blockers', () => {
    const options = {stackName: HOSTILE, roleStackName: HOSTILE, roleName: HOSTILE, catalogFile: HOSTILE};
    const harmless = {stackName: 'harmless', roleStackName: 'harmless', roleName: 'harmless', catalogFile: 'harmless'};
    const md = ladderMarkdown(hostileLadder(HOSTILE, start), options);
    expect(md).not.toContain('<img');
    expectInert(md, ladderMarkdown(hostileLadder('harmless', 'plain'), harmless));
  });
});

describe('inline Markdown escaping', () => {
  it('escapes every structure character, HTML as entities', () => {
    expect(inline('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    // A link or an image needs its brackets: with them escaped, `(`, `)` and `!` are inert (and stay readable).
    expect(inline('[a](b) ![c](d)')).toBe('\\[a\\](b) !\\[c\\](d)');
    expect(unsafeNodes(`- ${inline('[a](http://e) ![c](http://e/x.png) [r]: http://e')}\n\n[r]`)).toEqual([]);
    expect(inline('*a* _b_ ~c~ #d |e `f` $g$ \\h')).toBe('\\*a\\* \\_b\\_ \\~c\\~ \\#d \\|e \\`f\\` \\$g\\$ \\\\h');
    expect(inline('&#x202E;')).toBe('&amp;\\#x202E;');
  });

  it('leaves an underscore inside a word alone (it cannot make emphasis there)', () => {
    expect(inline('ROLLBACK_COMPLETE a_b_c _em_ x_')).toBe('ROLLBACK_COMPLETE a_b_c \\_em\\_ x\\_');
    expect(structure(`- ${inline('a_b_c _em_ __strong__ ROLLBACK_COMPLETE')}`)).toEqual(['bullet_list_open']);
  });

  it('shows URLs and e-mail addresses as code, never as links', () => {
    expect(inline('see https://evil.example/x?a=1 now')).toBe('see `https://evil.example/x?a=1` now');
    expect(inline('www.evil.example')).toBe('`www.evil.example`');
    expect(inline('mail a.b@evil.example')).toBe('mail `a.b@evil.example`');
    expect(inline('s3://bucket/key|x')).toBe('`s3://bucket/key`\\|x');
    // ARNs and versions stay plain.
    expect(inline('arn:aws:iam::123456789012:role/x 1.24.3')).toBe('arn:aws:iam::123456789012:role/x 1.24.3');
  });

  it('escapes a list or quote marker at the start', () => {
    expect(inline('- x')).toBe('\\- x');
    expect(inline('1. x')).toBe('1\\. x');
    expect(inline('1.24.3')).toBe('1.24.3');
    expect(inline('---')).toBe('\\---');
    expect(inline('> q')).toBe('&gt; q');
  });

  it('is what table cells use', () => {
    expect(cell).toBe(inline);
  });

  it('keeps a code span a code span', () => {
    expect(unsafeNodes(code('<img src=x> [a](http://e) https://e'))).toEqual([]);
  });
});
