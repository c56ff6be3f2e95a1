// The deploy on the walk's screen, live on the simulated account: the pinned review says what the stack creates
// (by type, with its capabilities and the parameters set), nothing is executed before the version is typed, then
// the create plays in the Stacks pane, the panther-pulumi build runs and the version is verified.
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {CodeBuildGateway} from '../../source/aws/codebuild.js';
import {simSettings} from '../../source/commands/sim.js';
import {startSim} from '../../source/sim/index.js';
import {deployParams} from '../../source/sim/scenarios/deploy.js';
import {prepareDeploy} from '../../source/upgrade/deploy-session.js';
import {UpgradeApp} from '../../source/ui/UpgradeApp.js';
import {testContext, unpaced} from '../support/console-context.js';
import {WRITES} from './helpers.js';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('the deploy screen', () => {
  it('shows what the create makes, executes nothing before the version is typed, then creates, builds and verifies', async () => {
    const sim = await startSim({scenario: 'deploy', clock: 'manual'});
    const t = testContext({...simSettings(sim), region: sim.region}, {interactive: true});
    const params = Object.fromEntries(deployParams().map(p => [p.ParameterKey, p.ParameterValue]));
    const session = await prepareDeploy(
      t.ctx,
      {
        format: 'text',
        cloudtrail: false,
        bell: false,
        stack: 'panther-prod',
        version: '1.31',
        execute: true,
        roleArn: 'arn:aws:iam::123456789012:role/PantherDeploymentRole-us-east-2',
      },
      {live: true, params},
    );
    session.codebuild?.destroy();
    session.codebuild = new CodeBuildGateway(t.clients, unpaced());
    cleanup = async () => {
      session.close();
      t.clients.destroy();
      await sim.close();
    };
    const writes = () =>
      Object.fromEntries(Object.entries(t.clients.counter.all).filter(([k]) => [...WRITES, 'CloudFormation.DeleteStack'].includes(k)));
    const sleep = async (ms: number) => {
      sim.clock.advance(ms * 30);
      await new Promise(resolve => setImmediate(resolve));
    };
    const pending = new Map<number, (ok: boolean) => void>();
    const walking = session.run({sleep, confirm: i => new Promise(resolve => pending.set(i, resolve))});
    const r = render(<UpgradeApp walk={session.walk} source={session.store!} onConfirm={(i, ok) => pending.get(i)?.(ok)} width={80} height={24} />);
    const frame = () => r.lastFrame() ?? '';
    await vi.waitFor(() => expect(frame()).toContain('Type 1.31.1 and press Enter'), {timeout: 8000, interval: 5});
    expect(frame()).toContain('Deploy 1.31.1 · the first deploy of panther-prod · change set ready');
    expect(frame()).toMatch(/root stack panther-prod: creates \d{3} resources in 14 stacks/);
    expect(frame()).toMatch(/\d+ AWS::CloudWatch::Alarm, \d+ AWS::IAM::Role/);
    expect(frame()).toContain('capabilities CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND');
    expect(frame()).toContain('sets FirstUserEmail = "secops@example.com"');
    expect(writes()).toEqual({'CloudFormation.CreateChangeSet': 1});
    r.stdin.write('1.31.1');
    await vi.waitFor(() => expect(frame()).toContain('1.31.1█'), {timeout: 3000, interval: 5});
    r.stdin.write('\r');
    await walking;
    await vi.waitFor(() => expect(frame()).toContain('Deploy complete: Panther 1.31.1'), {timeout: 5000, interval: 5});
    expect(frame()).toMatch(/Stacks \(14\)/);
    expect(frame()).toMatch(/Deploy → 1\.31\.1 · EXECUTE/);
    expect(session.walk.getState().outcome).toBe('succeeded');
    expect(writes()).toEqual({'CloudFormation.CreateChangeSet': 1, 'CloudFormation.ExecuteChangeSet': 1, 'CodeBuild.StartBuild': 1});
    r.unmount();
  });
});
