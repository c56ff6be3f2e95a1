// Defects 3 and 5 in the reports. An unterminated OSC or a lone 8-bit C1 byte must not hide the rest of a reason in
// any format; a 10 MB reason prints its first 4,000 characters (text and Markdown) with how many more there are,
// and --format json keeps it whole.
import {describe, expect, it} from 'vitest';
import type {PreflightReport} from '../../source/panther/preflight/types.js';
import {planLadder} from '../../source/panther/ladder.js';
import {defaultCatalog} from '../../source/panther/catalog.js';
import {DISPLAY_CAP} from '../../source/text/cap.js';
import {ladderMarkdown} from '../../source/report/ladder-markdown.js';
import {ladderText} from '../../source/report/ladder-text.js';
import {postMortemJson} from '../../source/report/postmortem-json.js';
import {postMortemMarkdown} from '../../source/report/postmortem-markdown.js';
import {postMortemText} from '../../source/report/postmortem-text.js';
import {preflightMarkdown} from '../../source/report/preflight-markdown.js';
import {preflightText} from '../../source/report/preflight-text.js';
import {failedPostMortem} from './fixtures.js';

const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const formats = {
  text: (pm: ReturnType<typeof failedPostMortem>) => postMortemText(pm),
  'text, unwrapped': (pm: ReturnType<typeof failedPostMortem>) => postMortemText(pm, {width: Infinity}),
  json: (pm: ReturnType<typeof failedPostMortem>) => JSON.stringify(postMortemJson(pm)),
  markdown: (pm: ReturnType<typeof failedPostMortem>) => postMortemMarkdown(pm),
};

describe.each(Object.entries(formats))('post-mortem as %s', (_name, format) => {
  it('keeps the rest of a reason after an unterminated OSC or a lone C1 introducer', () => {
    const pm = failedPostMortem();
    pm.rootCause!.reason = 'Access denied \x1b]0;evil (no terminator) for s3:PutBucketPolicy';
    pm.stack.statusReason = 'Stack failed \x1bP unterminated DCS before s3:GetBucketAcl';
    pm.otherFailures[0]!.reason = 'Denied \x9d0;evil before s3:PutObject';
    pm.chain[1]!.reason = 'Denied \x9f apc before s3:DeleteBucket';
    pm.deniedCalls[0]!.errorMessage = 'User: x \x1b_apc before s3:PutBucketTagging';
    const out = format(pm);
    // Squashed: the text report may wrap a reason anywhere.
    const squashed = out.replace(/\s+/g, '');
    for (const action of ['s3:PutBucketPolicy', 's3:GetBucketAcl', 's3:PutObject', 's3:DeleteBucket', 's3:PutBucketTagging']) {
      expect(squashed).toContain(action);
    }
    expect(out).not.toMatch(UNSAFE);
    expect(out).not.toContain('\\u001b');
  });
});

describe('a 10 MB reason', () => {
  const huge = `Resource handler returned message: ${'x'.repeat(10 * 1024 * 1024)} END`;
  const pm = failedPostMortem();
  pm.rootCause!.reason = huge;
  pm.otherFailures[0]!.reason = huge;
  pm.chain[1]!.reason = huge;

  it.each([
    ['text', () => postMortemText(pm)],
    ['text, unwrapped', () => postMortemText(pm, {width: Infinity})],
    ['Markdown', () => postMortemMarkdown(pm)],
  ])('is capped in the %s report, with how much more there is', (_name, report) => {
    const out = report();
    expect(out.length).toBeLessThan(10 * (DISPLAY_CAP + 200) + 5000);
    expect(out.replace(/\s+/g, ' ')).toContain(`${huge.length - DISPLAY_CAP} more characters; full text in --format json`);
    expect(out).not.toContain(' END');
    // What comes after the reason is still there.
    expect(out).toMatch(/API calls/);
  });

  it('stays whole in --format json', () => {
    const json = postMortemJson(pm) as {rootCause: {reason: string}; otherFailures: {reason: string}[]};
    expect(json.rootCause.reason).toBe(huge);
    expect(json.otherFailures[0]!.reason).toBe(huge);
  });

  it('is capped in the preflight reports, each field on its own', () => {
    const report: PreflightReport = {
      stackName: 'panther',
      region: 'us-east-2',
      account: null,
      principal: null,
      version: '1.28.7',
      paramsFile: null,
      checks: [{id: 'x', group: 'permissions', title: 'Permissions', status: 'unknown', found: huge, action: 'ask for iam:SimulatePrincipalPolicy'}],
      apiCalls: {},
    };
    for (const out of [preflightText(report), preflightMarkdown(report)]) {
      expect(out.length).toBeLessThan(3 * DISPLAY_CAP);
      expect(out).toContain('more characters; full text in --format json');
      expect(out).toContain('iam:SimulatePrincipalPolicy');
    }
  });

  it('is capped in the ladder reports', () => {
    const ladder = planLadder({from: '1.24.3', to: '1.25', catalog: defaultCatalog(), region: 'us-east-2', parameters: null});
    ladder.notes = [huge];
    for (const out of [ladderText(ladder), ladderMarkdown(ladder)]) {
      expect(out.length).toBeLessThan(4 * DISPLAY_CAP);
      expect(out).toContain('more characters; full text in --format json');
    }
  });
});
