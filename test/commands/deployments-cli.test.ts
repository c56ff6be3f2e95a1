// `deployments` through the built CLI, as a user runs it: two profiles in a config file of their own, each with its
// access key (the sim's accounts), every call sent to the sim. The JSON holds to docs/schemas/deployments.schema.json.
import {readFileSync} from 'node:fs';
import {Ajv2020} from 'ajv/dist/2020.js';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {DEPLOYMENTS_KEYS} from '../../source/sim/scenarios/deployments.js';
import {profilesEnv} from '../support/aws-profiles.js';
import {runCli} from '../support/run-cli.js';

let sim: RunningSim;
beforeAll(async () => {
  sim = await startSim({scenario: 'deployments'});
});
beforeEach(() => sim.resetCalls());
afterAll(() => sim.close());

/** The user's environment: the profiles of the config file, no credentials or region in the environment. */
const env = () => ({
  ...profilesEnv({prod: DEPLOYMENTS_KEYS.prod, staging: DEPLOYMENTS_KEYS.staging}),
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_REGION: '',
});

const schema = new Ajv2020({allErrors: true, strict: true}).compile(
  JSON.parse(readFileSync(new URL('../../docs/schemas/deployments.schema.json', import.meta.url), 'utf8')),
);

describe('panther-console deployments', () => {
  it('--profiles prod,staging --regions us-east-2,eu-west-1 --format json lists each deployment once with its version', async () => {
    const out = await runCli(
      ['deployments', '--profiles', 'prod,staging', '--regions', 'us-east-2,eu-west-1', '--format', 'json', '--endpoint-url', sim.url],
      env(),
    );
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const doc = JSON.parse(out.stdout);
    expect(schema(doc) ? [] : schema.errors).toEqual([]);
    expect(doc.deployments.map((d: Record<string, unknown>) => [d.stackName, d.account, d.region, d.version, d.rungsBehind, d.profiles])).toEqual([
      ['panther-prod', '123456789012', 'us-east-2', '1.28.7', 11, ['prod']],
      ['panther-eu', '123456789012', 'eu-west-1', '1.31.1', 8, ['prod']],
      ['panther-staging', '222222222222', 'us-east-2', '1.24.3', 16, ['staging']],
      ['panther-sandbox', '222222222222', 'eu-west-1', '1.27.8', 12, ['staging']],
    ]);
    expect(doc.unreadable).toEqual([]);
    expect(doc.apiCalls).toEqual({cloudformation: 9});
    expect(sim.calls()['CloudFormation.GetTemplate']).toBe(4);
    // The schema says no to a kind outside its list and to a key it does not know.
    const bad = structuredClone(doc);
    bad.deployments[0].versionSource = 'guess';
    expect(schema(bad)).toBe(false);
  }, 60_000);

  it('refuses a region Panther does not support with one line and exit 2, before any call', async () => {
    const out = await runCli(['deployments', '--profiles', 'prod', '--regions', 'us-east-2,ap-east-1', '--endpoint-url', sim.url], env());
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^panther-console: --regions ap-east-1: Panther is not published there\. Its regions: [^\n]+\n$/);
    expect(sim.calls()).toEqual({});
  });
});
