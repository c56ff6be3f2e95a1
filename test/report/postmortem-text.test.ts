import {describe, expect, it} from 'vitest';
import {postMortemMarkdown} from '../../source/report/postmortem-markdown.js';
import {postMortemText} from '../../source/report/postmortem-text.js';
import {failedPostMortem, okPostMortem} from './fixtures.js';

describe('postMortemText', () => {
  it('shows the headline, the root cause where/why/what to do, denied calls, other failures, notes and API calls', () => {
    const text = postMortemText(failedPostMortem());
    expect(text).toContain('Post-mortem of panther');
    expect(text).toContain('CREATE ROLLED_BACK');
    expect(text).toMatch(/ROOT CAUSE\n\s+Where\s+panther > panther-Bootstrap-1AAA > AuditLogsBucket \[deleted\]/);
    expect(text).toContain('scp-deny');
    expect(text).toContain('DENIED CLOUDTRAIL CALLS (1)');
    expect(text).toContain('PutBucketEncryption');
    expect(text).toContain('OTHER FAILURES (1)');
    expect(text).toContain('NOTES');
    expect(text).toContain('API calls: CloudFormation 14, CloudTrail 2');
  });

  it('wraps to the width asked, cutting only words longer than a line', () => {
    for (const width of [60, 80, 100]) {
      const lines = postMortemText(failedPostMortem(), {width}).split('\n');
      expect(Math.max(...lines.map(l => l.length))).toBeLessThanOrEqual(width);
    }
    // The whole reason is there, only wrapped.
    const squashed = postMortemText(failedPostMortem(), {width: 60}).replace(/\s+/g, '');
    expect(squashed).toContain('s3:PutEncryptionConfiguration');
  });

  it('contains no control characters even from hostile input', () => {
    expect(postMortemText(failedPostMortem())).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  });

  it('says there was no failure', () => {
    expect(postMortemText(okPostMortem())).toContain('No failure: the latest operation did not fail.');
  });
});

describe('postMortemMarkdown', () => {
  it('renders headings and tables, escaping pipes in cells', () => {
    const md = postMortemMarkdown(failedPostMortem());
    expect(md).toMatch(/^# Post-mortem: `panther`/);
    expect(md).toContain('## Root cause');
    expect(md).toContain('| Where | panther › panther-Bootstrap-1AAA › AuditLogsBucket (deleted) |');
    expect(md).toContain('## Denied CloudTrail calls');
    expect(md).toContain('| Fn\\|Pipe |');
    expect(md).toContain('Internal Failure \\| with a pipe');
    expect(md).toContain('```text\nResource handler returned message');
    expect(md).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    // Every table row has the same number of unescaped pipes as its header.
    for (const block of md.split('\n\n').filter(b => b.startsWith('| '))) {
      const counts = block.split('\n').map(r => r.replace(/\\\|/g, '').split('|').length);
      expect(new Set(counts).size).toBe(1);
    }
  });

  it('says there was no failure', () => {
    expect(postMortemMarkdown(okPostMortem())).toContain("No failure: the latest operation's outcome is SUCCEEDED.");
  });
});
