// `deployments` as the user meets it: the profiles and regions checked before any call (exit 2, one line), the
// table, the JSON, and the exit code that tells a script something was not read.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {deploymentsCommand, deploymentTargets, type DeploymentsFlags} from '../../source/commands/deployments.js';
import {parseArgs, validateArgs} from '../../source/commands/parse-args.js';
import {exitCodeOf, InputError} from '../../source/errors.js';
import {SUPPORTED_REGIONS} from '../../source/panther/regions.js';
import {ago} from '../../source/report/deployments-text.js';
import {DEFAULT_EPOCH, startSim, type RunningSim} from '../../source/sim/index.js';
import {DEPLOYMENTS_KEYS} from '../../source/sim/scenarios/deployments.js';
import {withProfiles} from '../support/aws-profiles.js';

function refusal(flags: Partial<DeploymentsFlags>): string {
  try {
    deploymentTargets({format: 'text', ...flags}, {});
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect(exitCodeOf(error)).toBe(2);
    return (error as Error).message;
  }
  throw new Error(`accepted: ${JSON.stringify(flags)}`);
}

describe('the profiles and regions to read', () => {
  it('default to the current profile and every region Panther supports', () => {
    expect(deploymentTargets({format: 'text'}, {})).toEqual({profiles: [{label: 'default'}], regions: [...SUPPORTED_REGIONS]});
    // AWS_PROFILE is the SDK's choice too: shown by its name, left to the SDK's chain.
    expect(deploymentTargets({format: 'text'}, {AWS_PROFILE: 'prod'}).profiles).toEqual([{label: 'prod'}]);
  });

  it('are read from the lists as given (spaces trimmed, repeats dropped); --profile and --region are lists of one', () => {
    expect(deploymentTargets({format: 'text', profiles: 'prod, staging,prod', regions: 'eu-west-1,us-east-2'}, {})).toEqual({
      profiles: [
        {label: 'prod', profile: 'prod'},
        {label: 'staging', profile: 'staging'},
      ],
      regions: ['eu-west-1', 'us-east-2'],
    });
    expect(deploymentTargets({format: 'text', profile: 'ops@corp', region: 'us-west-2'}, {})).toEqual({
      profiles: [{label: 'ops@corp', profile: 'ops@corp'}],
      regions: ['us-west-2'],
    });
  });

  it.each([
    [{regions: 'us-east-2,us_west_2'}, /^--regions us_west_2 is not an AWS region name: they look like us-east-2/],
    [{regions: 'us-east-2,ap-east-1'}, /^--regions ap-east-1: Panther is not published there\. Its regions: ap-northeast-1, .*us-west-2\.$/],
    [{region: 'me-central-1'}, /^--region me-central-1: Panther is not published there\./],
    [{regions: 'us-east-2,,eu-west-1'}, /^--regions us-east-2,,eu-west-1: a name is empty \(give them as A,B\)\.$/],
    [{profiles: 'prod,'}, /^--profiles prod,: a name is empty/],
    [{profiles: 'prod,my profile'}, /^--profiles "my profile" is not a profile name: letters, digits/],
    [{profiles: 'prod', profile: 'staging'}, /^Give --profile or --profiles, not both/],
    [{regions: 'us-east-2', region: 'eu-west-1'}, /^Give --region or --regions, not both/],
  ])('%j is refused: %s', (flags, message) => {
    expect(refusal(flags)).toMatch(message);
  });

  it('the command line takes them (and refuses a bundle or a flag of another command)', () => {
    const args = parseArgs(['deployments', '--profiles', 'prod,staging', '--regions', 'us-east-2', '--format', 'json']);
    validateArgs(args);
    expect(args.flags).toMatchObject({profiles: 'prod,staging', regions: 'us-east-2', format: 'json'});
    expect(parseArgs(['deployments']).flags.format).toBe('text');
    expect(() => validateArgs(parseArgs(['deployments', '--replay', 'b.json.gz']))).toThrow(/^deployments reads live accounts/);
    expect(() => parseArgs(['deployments', '--stack', 'panther-prod'])).toThrow(/^deployments does not take --stack\./);
    expect(() => validateArgs(parseArgs(['deployments', '--format', 'markdown']))).toThrow(/^deployments prints text or json, not markdown\.$/);
  });
});

describe('deployments on two accounts', () => {
  let sim: RunningSim;
  beforeAll(async () => {
    sim = await startSim({scenario: 'deployments'});
  });
  afterAll(() => sim.close());

  async function run(flags: Partial<DeploymentsFlags>, profiles: Record<string, string | null>) {
    let stdout = '';
    let stderr = '';
    const code = await withProfiles(profiles, () =>
      deploymentsCommand(
        {format: 'text', endpointUrl: sim.url, ...flags},
        {write: (s: string) => ((stdout += s), true)} as unknown as NodeJS.WritableStream,
        {write: (s: string) => ((stderr += s), true), isTTY: false} as unknown as NodeJS.WriteStream,
      ),
    );
    return {code, stdout, stderr};
  }

  it('prints one row per deployment: profile and account, region, stack, version, status, last operation and when, rungs behind', async () => {
    const out = await run(
      {profiles: 'prod,staging', regions: 'us-east-2,eu-west-1'},
      {prod: DEPLOYMENTS_KEYS.prod, staging: DEPLOYMENTS_KEYS.staging},
    );
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
    const lines = out.stdout.split('\n');
    expect(lines[0]).toBe('Panther deployments: 4 in 2 profiles x 2 regions (latest recommended version 1.39.7)');
    expect(lines[2]).toMatch(/^PROFILE \(ACCOUNT\) +REGION +STACK +VERSION +STATUS +LAST OPERATION +BEHIND$/);
    expect(lines[3]).toMatch(
      /^prod \(123456789012\) +us-east-2 +panther-prod +1\.28\.7 +UPDATE_COMPLETE +UPDATE \d+ days ago \(2026-10-29T14:07:31Z\) +11 rungs$/,
    );
    expect(lines[4]).toMatch(
      /^prod \(123456789012\) +eu-west-1 +panther-eu +1\.31\.1 +CREATE_COMPLETE +CREATE \d+ days ago \(2026-10-2\dT[\d:]+Z\) +8 rungs$/,
    );
    expect(lines[5]).toMatch(/^staging \(222222222222\) +us-east-2 +panther-staging +1\.24\.3 +UPDATE_ROLLBACK_COMPLETE +ROLLBACK .* +16 rungs$/);
    expect(lines[6]).toMatch(/^staging \(222222222222\) +eu-west-1 +panther-sandbox +1\.27\.8 \(tag\) +CREATE_COMPLETE +CREATE .* +12 rungs$/);
    // The columns line up: every row's region starts where the header's does.
    const column = lines[2]!.indexOf('REGION');
    for (const line of lines.slice(3, 7)) expect(line.slice(column, column + 4)).toMatch(/^(us|eu)-/);
    // What to do next, with the first row's values.
    expect(lines[8]).toBe(
      'Open one: panther-console watch -s panther-prod -r us-east-2 -p prod (or d in the console); its upgrade plan: panther-console ladder -s panther-prod -r us-east-2 -p prod --to 1.39.7',
    );
    expect(out.stdout).toMatch(/\nAPI calls: 9 \(CloudFormation\)\n$/);
  });

  it('lists what it could not read with why, prints the rest, and exits 3 with one line on stderr', async () => {
    const out = await run({profiles: 'staging,ghost', regions: 'us-east-2', format: 'json'}, {staging: DEPLOYMENTS_KEYS.staging, ghost: null});
    expect(out.code).toBe(3);
    expect(out.stderr).toBe('panther-console: 1 of 2 profile/regions could not be read (listed under "unreadable").\n');
    const doc = JSON.parse(out.stdout);
    expect(Object.keys(doc)).toEqual(['deployments', 'unreadable', 'apiCalls']);
    expect(doc.deployments.map((d: {stackName: string}) => d.stackName)).toEqual(['panther-staging']);
    expect(doc.unreadable).toEqual([
      {
        profile: 'ghost',
        region: 'us-east-2',
        kind: 'no-credentials',
        reason: expect.stringMatching(/^No usable AWS credentials for profile ghost/),
      },
    ]);
    const text = await run({profiles: 'staging,ghost', regions: 'us-east-2'}, {staging: DEPLOYMENTS_KEYS.staging, ghost: null});
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(
      /\nNOT READ \(1 of 2 profile\/regions\)\nghost +us-east-2 +no-credentials +No usable AWS credentials for profile ghost/,
    );
  });

  it('says so when nothing is found', async () => {
    const out = await run({profile: 'staging', regions: 'ap-south-1,us-west-2'}, {staging: DEPLOYMENTS_KEYS.staging});
    expect(out.code).toBe(0);
    expect(out.stdout.split('\n')[0]).toBe('No Panther deployment found in 1 profile x 2 regions.');
  });
});

describe('when, relative to now', () => {
  it.each([
    [0, 'just now'],
    [59_000, 'just now'],
    [12 * 60_000, '12 min ago'],
    [5 * 3_600_000, '5 h ago'],
    [47 * 3_600_000, '47 h ago'],
    [4 * 86_400_000 + 3_600_000, '4 days ago'],
    [-60_000, 'just now'],
  ])('%i ms before now is %s', (ms, text) => {
    expect(ago(new Date(DEFAULT_EPOCH - ms).toISOString(), DEFAULT_EPOCH)).toBe(text);
  });
});
