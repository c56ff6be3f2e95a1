import {render} from 'ink-testing-library';
import {describe, expect, it, vi} from 'vitest';
import type {PreflightReport} from '../../source/panther/preflight/types.js';
import {ChecksApp} from '../../source/ui/ChecksApp.js';
import {checksReducer, openingState} from '../../source/ui/checks-state.js';
import {preflightReport} from './preflight-fixture.js';

const report = preflightReport;

async function until(frame: () => string | undefined, check: (f: string) => void) {
  await vi.waitFor(() => check(frame() ?? ''), {timeout: 3000, interval: 5});
}

describe('the Checks screen of preflight', () => {
  it('opens on the first failed check with what to do, and a one-line verdict', async () => {
    const app = render(<ChecksApp report={report} width={100} height={24} noColor />);
    await until(app.lastFrame, f =>
      expect(f).toContain('FAIL: 2 failed · 1 warning · 2 passed · 1 not checked · panther-prod us-east-2 · Panther 1.39.7'),
    );
    const frame = app.lastFrame()!;
    expect(frame).toMatch(/›✗ Legacy role PantherAuditRole-us-east-2/);
    expect(frame).toContain('To do: aws iam delete-role --role-name');
    expect(frame).toContain('FAIL');
    app.unmount();
  });

  it('n moves to the next failure, f keeps only what needs attention', async () => {
    const app = render(<ChecksApp report={report} width={100} height={24} noColor />);
    await until(app.lastFrame, f => expect(f).toContain('›✗ Legacy role'));
    app.stdin.write('n');
    await until(app.lastFrame, f => expect(f).toMatch(/›✗ Service control policies/));
    app.stdin.write('f');
    await until(app.lastFrame, f => expect(f).toContain('Checks (4) · needing attention'));
    expect(app.lastFrame()).not.toContain('Region');
    expect(app.lastFrame()).toMatch(/›✗ Service control policies/);
    app.unmount();
  });

  it('says what it is on a terminal too small for the panes, without crashing', async () => {
    const app = render(<ChecksApp report={report} width={30} height={6} noColor />);
    await until(app.lastFrame, f => expect(f).toMatch(/^FAIL: 2 failed/));
    app.unmount();
  });

  it('fits the verdict line and the key line whole in 100 columns; ? opens the help of these keys, between the two', async () => {
    const app = render(<ChecksApp report={report} width={100} height={24} noColor />);
    await until(app.lastFrame, f => expect(f).toContain('›✗ Legacy role'));
    const lines = app.lastFrame()!.split('\n');
    expect(lines[0]!.trimEnd()).toBe('FAIL: 2 failed · 1 warning · 2 passed · 1 not checked · panther-prod us-east-2 · Panther 1.39.7');
    expect(lines.at(-1)!.trimEnd()).toBe('↑↓ move · Tab details · n/N failure · f attention only · ? help · q quit');
    const before = app.lastFrame();
    app.stdin.write('?');
    await until(app.lastFrame, f => expect(f).toContain('Keys (? or Esc to close)'));
    const help = app.lastFrame()!.split('\n');
    expect(help[0]).toBe(lines[0]);
    expect(help.at(-1)).toBe(lines.at(-1));
    expect(app.lastFrame()).toMatch(/n +next failure/);
    expect(app.lastFrame()).not.toContain('collapse a stack'); // not a key of this screen
    app.stdin.write('j'); // swallowed by the overlay
    app.stdin.write('\u001B');
    await until(app.lastFrame, f => expect(f).toBe(before));
    app.unmount();
  });

  it('a passing preflight says so first, without zero counts', async () => {
    const passing = {...report, checks: report.checks.filter(c => c.status === 'pass')};
    const app = render(<ChecksApp report={passing} width={100} height={24} noColor />);
    await until(app.lastFrame, f => expect(f).toContain('PASS: 2 passed · panther-prod us-east-2 · Panther 1.39.7'));
    app.unmount();
  });
});

const LONG_ACTION =
  'Ask the organisation admins to exempt the deployment role from p-deny4s3: in AWS Organizations, open Policies, Service control policies, p-deny4s3, and add a condition ' +
  'that excludes arn:aws:iam::123456789012:role/PantherDeploymentRole (aws:PrincipalArn). Then run preflight again; when it passes, deploy. If the policy cannot change, ' +
  'deploy into an account outside that organisational unit, or ask for a temporary exception for the duration of the first deploy, which takes about forty minutes. ' +
  'The END of the advice.';

describe('the Checks screen at 80x24 with a long check', () => {
  const long: PreflightReport = {
    ...report,
    checks: report.checks.map(c => (c.id === 'role:PantherAuditRole-us-east-2' ? {...c, action: LONG_ACTION} : c)),
  };

  it('marks the cut Details with how much more there is; Tab and j scroll it to the end; Tab comes back to the list', async () => {
    const app = render(<ChecksApp report={long} width={80} height={24} noColor />);
    await until(app.lastFrame, f => expect(f).toMatch(/↓ \d+ more/));
    expect(app.lastFrame()).toContain('To do: Ask the organisation admins');
    expect(app.lastFrame()).not.toContain('END of the advice');
    app.stdin.write('\t');
    await until(app.lastFrame, f => expect(f).toContain('» Details'));
    app.stdin.write('G');
    await until(app.lastFrame, f => expect(f).toContain('END of the advice'));
    expect(app.lastFrame()).toMatch(/↑ \d+ more/);
    expect(app.lastFrame()).not.toMatch(/↓ \d+ more/);
    expect(app.lastFrame()).toMatch(/›✗ Legacy role/); // the list cursor did not move
    app.stdin.write('\t');
    await until(app.lastFrame, f => expect(f).toContain('» Checks'));
    app.stdin.write('j');
    await until(app.lastFrame, f => expect(f).toMatch(/›! Retained bucket/));
    for (const line of app.lastFrame()!.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    app.unmount();
  });

  it('n wraps around to the first failure and says so on the key line', async () => {
    const app = render(<ChecksApp report={long} width={80} height={24} noColor />);
    await until(app.lastFrame, f => expect(f).toContain('›✗ Legacy role'));
    app.stdin.write('n');
    await until(app.lastFrame, f => expect(f).toMatch(/›✗ Service control policies/));
    expect(app.lastFrame()).not.toContain('wrapped');
    app.stdin.write('n');
    await until(app.lastFrame, f => expect(f).toContain('wrapped to the first failure · ↑↓ move'));
    expect(app.lastFrame()).toMatch(/›✗ Legacy role/);
    app.stdin.write('j');
    await until(app.lastFrame, f => expect(f).not.toContain('wrapped'));
    app.unmount();
  });
});

describe('the Checks reducer', () => {
  it('wraps n/N around the failed checks', () => {
    let s = openingState(report.checks);
    expect(s.cursor).toBe(2);
    s = checksReducer(s, 'nextFailure', report.checks, 10);
    expect(s.cursor).toBe(4);
    s = checksReducer(s, 'nextFailure', report.checks, 10);
    expect(s.cursor).toBe(2);
    s = checksReducer(s, 'prevFailure', report.checks, 10);
    expect(s.cursor).toBe(4);
  });

  it('scrolls the Details when they have the keys, and starts them at the top for another check', () => {
    let s = checksReducer(openingState(report.checks), 'nextPane', report.checks, 10, {lines: 30, rows: 10});
    expect(s.focus).toBe('details');
    s = checksReducer(s, 'pageDown', report.checks, 10, {lines: 30, rows: 10});
    expect(s).toMatchObject({detailsScroll: 9, cursor: 2});
    s = checksReducer(s, 'bottom', report.checks, 10, {lines: 30, rows: 10});
    expect(s.detailsScroll).toBe(20);
    s = checksReducer(s, 'nextFailure', report.checks, 10, {lines: 30, rows: 10});
    expect(s).toMatchObject({cursor: 4, detailsScroll: 0, focus: 'details'});
    s = checksReducer(s, 'back', report.checks, 10);
    expect(s.focus).toBe('list');
  });
});
