// The deployment role trust check on the Checks screen, as preflight finds it on the simulated account: reached
// like any other failure, its findings and what to do in full in Details.
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import type {PreflightReport} from '../../source/panther/preflight/types.js';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {ChecksApp} from '../../source/ui/ChecksApp.js';
import {preflightOn} from '../preflight/helpers.js';

let sim: RunningSim;
let report: PreflightReport;
beforeAll(async () => {
  sim = await startSim({scenario: 'preflight'});
  report = await preflightOn(sim, {cloudtrail: false});
});
afterAll(() => sim.close());

describe('the Checks screen', () => {
  it('shows who can assume the deployment role, and that it is an administrator role', async () => {
    const app = render(<ChecksApp report={report} width={100} height={50} noColor />);
    const frame = () => app.lastFrame() ?? '';
    await vi.waitFor(() => expect(frame()).toContain('Checks ('), {timeout: 3000, interval: 5});
    // Failures only, then the last of them: the trust check comes last.
    app.stdin.write('f');
    app.stdin.write('G');
    await vi.waitFor(() => expect(frame()).toMatch(/›✗ Deployment role trust: PantherDeployment/), {timeout: 3000, interval: 5});
    // The Details pane, its lines joined again.
    const details = frame()
      .split('\n')
      .map(l => /│(.*)│\s*$/.exec(l)?.[1]?.trim() ?? '')
      .join(' ');
    expect(details).toContain('Found: PantherDeploymentRole-us-east-2 is an administrator role');
    expect(details).toContain('FAIL: account 999988887777');
    expect(details).toMatch(/To do: remove arn:aws:iam::999988887777:root from the trust policy.* treat it as a sensitive administrator role/);
    app.unmount();
  });
});
