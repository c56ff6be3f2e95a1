// The `upgrade` scenario on a manual clock, for the sim's own tests: the template URLs, the capabilities, and a
// per-test sim (closed after each test) with the root stack read and a way to keep its parameters.
import {DescribeStacksCommand, type Parameter} from '@aws-sdk/client-cloudformation';
import {afterEach} from 'vitest';
import {startSim, type RunningSim, type SimOptions} from '../../source/sim/index.js';
import {clients} from './clients.js';

export const MIN = 60_000;
export const url = (v: string) => `https://panther-enterprise-us-east-2.s3.amazonaws.com/v${v}/panther.yml`;
export const roleUrl = (v: string) => `https://panther-public-cloudformation-templates.s3.amazonaws.com/panther-deployment-role/v${v}/template.yml`;
export const CAPS = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;

export type Cfn = ReturnType<typeof clients>['cfn'];

/** Call once at the top of a test file: returns setup(options), whose sim is closed after each test. */
export function upgradeSimPerTest() {
  let sim: RunningSim | null = null;
  afterEach(async () => {
    await sim?.close();
    sim = null;
  });
  return async (opts: Partial<SimOptions> = {}) => {
    sim = await startSim({scenario: 'upgrade', clock: 'manual', ...opts});
    const {cfn} = clients(sim);
    const root = (await cfn.send(new DescribeStacksCommand({StackName: 'panther-prod'}))).Stacks![0];
    /** Every current parameter of the root as UsePreviousValue, but `except`. */
    const keep = (except: string[] = []): Parameter[] =>
      (root.Parameters ?? []).filter(p => !except.includes(p.ParameterKey!)).map(p => ({ParameterKey: p.ParameterKey, UsePreviousValue: true}));
    return {sim, cfn, root, keep};
  };
}
