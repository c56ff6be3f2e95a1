import {exitCodeOf} from '../../source/errors.js';
import {describe, expect, it} from 'vitest';
import {LadderError, planLadder, type LadderInput, type RungTemplates} from '../../source/panther/ladder.js';
import {PULUMI_CODEBUILD_STEP} from '../../source/panther/migrations.js';
import {defaultCatalog, loadCatalog} from '../../source/panther/catalog.js';
import {CERT, SECRET, SECRET_KEY} from './fixtures.js';

const base = (from: string, to: string, extra: Partial<LadderInput> = {}): LadderInput => ({
  from,
  to,
  catalog: defaultCatalog(),
  region: 'us-east-2',
  parameters: null,
  ...extra,
});
const versions = (input: LadderInput) => planLadder(input).rungs.map(r => r.version);
const extended = (...v: string[]) => loadCatalog(JSON.stringify({recommended: v}));

describe('the ladder steps through every minor at its recommended patch', () => {
  it.each([
    ['1.24.3', '1.28', ['1.24.12', '1.25.18', '1.26.9', '1.27.8', '1.28.7']],
    ['1.24.12', '1.28', ['1.25.18', '1.26.9', '1.27.8', '1.28.7']],
    ['v1.24.12', 'v1.28', ['1.25.18', '1.26.9', '1.27.8', '1.28.7']],
    ['1.24.14', '1.26', ['1.25.18', '1.26.9']],
    ['1.24.12', '1.28.3', ['1.25.18', '1.26.9', '1.27.8', '1.28.3']],
    ['1.24.12', 'v1.28.7', ['1.25.18', '1.26.9', '1.27.8', '1.28.7']],
    ['1.24.3', '1.24', ['1.24.12']],
    ['1.24.3', '1.24.5', ['1.24.5']],
    ['1.24.3', '1.25.1', ['1.24.12', '1.25.1']],
    ['1.17.0', '1.18', ['1.17.4', '1.18.8']],
    ['1.38.5', '1.39', ['1.39.7']],
    ['1.35.7', '1.37', ['1.36.0', '1.37.11']],
  ])('from %s to %s', (from, to, expected) => {
    expect(versions(base(from, to))).toEqual(expected);
  });

  it('walks the whole documented range, 1.17 to 1.39, one minor at a time', () => {
    const rungs = versions(base('1.17.4', '1.39'));
    expect(rungs).toHaveLength(22);
    expect(rungs[0]).toBe('1.18.8');
    expect(rungs.at(-1)).toBe('1.39.7');
    expect(rungs.map(v => Number(v.split('.')[1]))).toEqual(Array.from({length: 22}, (_, i) => 18 + i));
  });

  it('reports from and to without the v, and the region', () => {
    const ladder = planLadder(base('v1.24.3', 'v1.28'));
    expect([ladder.from, ladder.to, ladder.region]).toEqual(['1.24.3', '1.28.7', 'us-east-2']);
    expect(ladder.rungs.map(r => r.previous)).toEqual(['1.24.3', '1.24.12', '1.25.18', '1.26.9', '1.27.8']);
  });
});

describe('no-ops', () => {
  it.each([
    ['1.28.7', '1.28'],
    ['1.28.7', '1.28.7'],
    ['v1.28.7', '1.28.7'],
    ['1.28.9', '1.28'],
  ])('on %s asking for %s there is nothing to do, and it says so', (from, to) => {
    const ladder = planLadder(base(from, to));
    expect(ladder.rungs).toEqual([]);
    expect(ladder.to).toBe(ladder.from);
    expect(ladder.notes.join(' ')).toMatch(/nothing to upgrade/);
  });
});

describe('refusals, with a message for the user and exit code 2', () => {
  it.each([
    ['1.28.7', '1.27', /downgrade from 1\.28\.7 to 1\.27/],
    ['1.28.7', '1.28.5', /downgrade from 1\.28\.7 to 1\.28\.5/],
    ['1.28.7', '1.16', /downgrade/],
    ['1.24.3', '1.45', /1\.45 is not in the version catalog \(it knows 1\.17 to 1\.39\).*--catalog/],
    ['1.24.3', '2.0', /2\.0 is not in the version catalog/],
    ['1.24.3', '1.28.x', /--to 1\.28\.x is not a version/],
    ['1.24.3', 'latest', /--to latest is not a version/],
    ['1.24', '1.28', /--from 1\.24 is not a version/],
    ['1.24.3-rc1', '1.28', /--from 1\.24\.3-rc1 is not a version/],
    ['1.10.0', '1.20', /no recommended patch for 1\.11, 1\.12, 1\.13, 1\.14, 1\.15, 1\.16/],
  ])('from %s to %s', (from, to, message) => {
    let error: unknown;
    try {
      planLadder(base(from, to));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LadderError);
    expect((error as LadderError).message).toMatch(message);
    expect(exitCodeOf(error)).toBe(2);
  });
});

describe('a target patch newer than the catalog knows', () => {
  it.each([
    ['1.24.3', '1.28.99', '1.28.99 is newer than the newest 1.28 release the catalog knows (1.28.7): add it with --catalog FILE.'],
    ['1.24.12', 'v1.28.8', '1.28.8 is newer than the newest 1.28 release the catalog knows (1.28.7): add it with --catalog FILE.'],
    ['1.24.3', '1.24.13', '1.24.13 is newer than the newest 1.24 release the catalog knows (1.24.12): add it with --catalog FILE.'],
  ])('from %s to %s is refused: its templates may not exist', (from, to, message) => {
    expect(() => planLadder(base(from, to))).toThrow(LadderError);
    expect(() => planLadder(base(from, to))).toThrow(message);
  });
  it('is accepted once a --catalog lists it', () => {
    expect(versions(base('1.24.3', '1.28.99', {catalog: extended('1.28.99')}))).toEqual(['1.24.12', '1.25.18', '1.26.9', '1.27.8', '1.28.99']);
  });
  it('a patch at or below the recommended one stays accepted, and the deployed patch is a no-op', () => {
    expect(versions(base('1.24.3', '1.28.7')).at(-1)).toBe('1.28.7');
    expect(versions(base('1.24.3', '1.28.0')).at(-1)).toBe('1.28.0');
    expect(planLadder(base('1.28.9', '1.28.9')).rungs).toEqual([]);
  });
});

describe('a catalog file extends or overrides the built-in one', () => {
  it('adds a newer minor', () => {
    expect(versions(base('1.38.5', '1.40', {catalog: extended('1.40.2')}))).toEqual(['1.39.7', '1.40.2']);
  });
  it('replaces the recommended patch of a known minor', () => {
    expect(versions(base('1.37.11', '1.39', {catalog: extended('v1.39.9')}))).toEqual(['1.38.5', '1.39.9']);
  });
  it('refuses a ladder across a minor the catalog skips', () => {
    expect(() => planLadder(base('1.39.7', '1.42', {catalog: extended('1.42.1')}))).toThrow(/no recommended patch for 1\.40, 1\.41/);
  });
  it('crosses a major only to its x.0', () => {
    expect(versions(base('1.39.7', '2.0', {catalog: extended('2.0.1')}))).toEqual(['2.0.1']);
    expect(() => planLadder(base('1.39.7', '2.1', {catalog: extended('2.1.0')}))).toThrow(/no recommended patch for 2\.0/);
  });
  it('starts at the next minor when the deployed minor is older than the catalog, and says so', () => {
    const ladder = planLadder(base('1.16.2', '1.18'));
    expect(ladder.rungs.map(r => r.version)).toEqual(['1.17.4', '1.18.8']);
    expect(ladder.notes.join(' ')).toMatch(/1\.16 is not in the version catalog/);
  });
});

describe('each rung carries its URLs, with the v', () => {
  it("points at Panther's buckets for the region", () => {
    const [rung] = planLadder(base('1.24.12', '1.25')).rungs;
    expect(rung.templateUrl).toBe('https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.25.18/panther.yml');
    expect(rung.deploymentRoleTemplateUrl).toBe(
      'https://panther-public-cloudformation-templates.s3.amazonaws.com/panther-deployment-role/v1.25.18/template.yml',
    );
  });
  it('uses --template-base-url for both templates', () => {
    const [rung] = planLadder(base('1.24.12', '1.25', {templateBaseUrl: 'https://mirror.example.com/panther/'})).rungs;
    expect(rung.templateUrl).toBe('https://mirror.example.com/panther/v1.25.18/panther.yml');
    expect(rung.deploymentRoleTemplateUrl).toBe('https://mirror.example.com/panther/panther-deployment-role/v1.25.18/template.yml');
  });
  it('warns about a region Panther does not publish to, and refuses a malformed one', () => {
    expect(planLadder(base('1.24.12', '1.25', {region: 'eu-north-1'})).notes.join(' ')).toMatch(/eu-north-1 is not on Panther's list/);
    expect(() => planLadder(base('1.24.12', '1.25', {region: 'evil.example.com/x'}))).toThrow(LadderError);
  });
});

describe('migrations and after-steps land on the right rungs', () => {
  const known = {PipLibraries: 'pandas, requests==2.0,policyuniverse', SentryEnvironment: 'prod'};

  it('updates the deployment role first on every rung', () => {
    const ladder = planLadder(base('1.24.3', '1.28'));
    for (const rung of ladder.rungs) {
      expect(rung.migrations[0].id).toBe('deployment-role');
      expect(rung.migrations[0].action).toContain(`v${rung.version}`);
    }
  });

  it('starts the panther-pulumi build after every deploy from 1.22 on, never before', () => {
    const ladder = planLadder(
      base('1.20.3', '1.24', {parameters: {ApiCertificateArn: CERT, PulumiSecretArn: SECRET, PulumiSecretKeyArn: SECRET_KEY}}),
    );
    expect(ladder.rungs.map(r => [r.version, r.after])).toEqual([
      ['1.21.5', []],
      ['1.22.7', [PULUMI_CODEBUILD_STEP]],
      ['1.23.5', [PULUMI_CODEBUILD_STEP]],
      ['1.24.12', [PULUMI_CODEBUILD_STEP]],
    ]);
  });

  it('walks 1.17 to 1.23 with the exact PipLibraries value, and blocks on the missing ARNs', () => {
    const ladder = planLadder(base('1.17.4', '1.23', {parameters: known}));
    const byVersion = Object.fromEntries(ladder.rungs.map(r => [r.version, r]));
    expect(byVersion['1.18.8'].parameterChanges).toEqual([{key: 'PipLibraries', previous: known.PipLibraries, value: 'pandas'}]);
    expect(byVersion['1.18.8'].blocked).toEqual([]);
    expect(byVersion['1.19.5'].migrations.map(m => m.id)).toEqual(['deployment-role', 'api-certificate', 'api-alias-record']);
    expect(byVersion['1.19.5'].blocked.map(b => [b.parameter, b.problem])).toEqual([['ApiCertificateArn', 'missing']]);
    // Reported once, on the rung that introduces them, not again on every later rung.
    expect(byVersion['1.20.3'].blocked).toEqual([]);
    expect(byVersion['1.22.7'].blocked.map(b => b.parameter)).toEqual(['PulumiSecretArn', 'PulumiSecretKeyArn']);
    expect(byVersion['1.23.5'].blocked).toEqual([]);
    expect(byVersion['1.23.5'].migrations.map(m => m.id)).toEqual(['deployment-role']);
    expect(ladder.rungs.filter(r => r.blocked.length > 0).map(r => r.version)).toEqual(['1.19.5', '1.22.7']);
  });

  it('sets a supplied value once, on the rung that introduces it', () => {
    const ladder = planLadder(
      base('1.18.8', '1.23', {parameters: {}, supplied: {ApiCertificateArn: CERT, PulumiSecretArn: SECRET, PulumiSecretKeyArn: SECRET_KEY}}),
    );
    expect(ladder.rungs.map(r => [r.version, r.parameterChanges.map(c => c.key)])).toEqual([
      ['1.19.5', ['ApiCertificateArn']],
      ['1.20.3', []],
      ['1.21.5', []],
      ['1.22.7', ['PulumiSecretArn', 'PulumiSecretKeyArn']],
      ['1.23.5', []],
    ]);
    expect(ladder.rungs.every(r => r.blocked.length === 0)).toBe(true);
  });

  it('with only --from, asks for new parameters but trusts the ones already required', () => {
    const before = planLadder(base('1.19.0', '1.20'));
    expect(before.rungs.find(r => r.version === '1.19.5')?.blocked.map(b => b.parameter)).toEqual(['ApiCertificateArn']);
    const after = planLadder(base('1.20.3', '1.21'));
    expect(after.rungs[0].blocked).toEqual([]);
    const supplied = planLadder(base('1.19.0', '1.21', {supplied: {ApiCertificateArn: CERT}}));
    expect(supplied.rungs.map(r => r.parameterChanges.length)).toEqual([1, 0, 0]);
  });

  it('never asks an upgrade for a first-deploy-only parameter (FirstUserEmail)', () => {
    const ladder = planLadder(base('1.17.4', '1.39', {parameters: {}}));
    const asked = ladder.rungs.flatMap(r => r.blocked.map(b => b.parameter));
    expect(asked).toEqual(['ApiCertificateArn', 'PulumiSecretArn', 'PulumiSecretKeyArn']);
  });

  it('blocks on an invalid value with the reason', () => {
    const ladder = planLadder(base('1.19.0', '1.19', {supplied: {ApiCertificateArn: CERT.replace('us-east-1', 'eu-west-1')}}));
    expect(ladder.rungs[0].blocked[0]).toMatchObject({parameter: 'ApiCertificateArn', problem: 'invalid'});
    expect(ladder.rungs[0].blocked[0].message).toMatch(/us-east-1/);
  });
});

describe("each rung's parameters come from its own template", () => {
  const d = (key: string, defaultValue: string | null = null) => ({key, defaultValue, description: `${key}: what it is`, noEcho: false});
  const rootAt = (version: string) => {
    const keys = [d('FirstUserEmail'), d('SentryEnvironment', 'prod'), d('PulumiSecretArn'), d('PulumiSecretKeyArn')];
    if (version < '1.25') keys.push(d('PythonLayerVersionArn', ''));
    if (version >= '1.26') keys.push(d('ConsoleSessionTimeoutMinutes', '60'));
    if (version >= '1.27') keys.push(d('ProcessedDataKmsKeyArn'));
    return keys;
  };
  const templates = new Map<string, RungTemplates>(
    ['1.24.12', '1.25.18', '1.26.9', '1.27.8'].map(v => [v, {root: rootAt(v), role: [d('DeploymentRoleName', 'PantherDeploymentRole')]}]),
  );
  const parameters = {
    FirstUserEmail: 'a@example.com',
    SentryEnvironment: 'prod',
    PulumiSecretArn: SECRET,
    PulumiSecretKeyArn: SECRET_KEY,
    PythonLayerVersionArn: 'arn:layer:3',
  };
  const grounded = (to: string, supplied: Record<string, string> = {}) =>
    planLadder(base('1.24.3', to, {parameters, supplied, templates, roleParameters: {DeploymentRoleName: 'PantherDeploymentRole'}}));

  it('keeps, drops, defaults per rung; the dropped parameter is reported with its value on the rung that drops it', () => {
    const ladder = grounded('1.26');
    const fates = ladder.rungs.map(r => r.parameters!.filter(p => p.fate !== 'kept').map(p => `${p.key}:${p.fate}`));
    expect(fates).toEqual([[], ['PythonLayerVersionArn:dropped'], ['ConsoleSessionTimeoutMinutes:default']]);
    expect(ladder.rungs[1].parameters!.find(p => p.fate === 'dropped')).toMatchObject({previous: 'arn:layer:3'});
    expect(ladder.rungs.every(r => r.blocked.length === 0)).toBe(true);
    expect(ladder.rungs[0].roleParameters!.map(p => p.fate)).toEqual(['kept']);
  });

  it("a new parameter without a default blocks its rung, named with the template's description, once", () => {
    const ladder = planLadder(
      base('1.24.3', '1.28', {parameters, templates: new Map([...templates, ['1.28.7', {root: rootAt('1.28'), role: null}]])}),
    );
    expect(ladder.rungs.map(r => r.blocked.map(b => b.parameter))).toEqual([[], [], [], ['ProcessedDataKmsKeyArn'], []]);
    expect(ladder.rungs[3].blocked[0].message).toBe(
      "ProcessedDataKmsKeyArn is new in 1.27.8's root stack template and has no default (ProcessedDataKmsKeyArn: what it is): give it in --params FILE.",
    );
  });

  it('--params gives it: set on that rung, kept after', () => {
    const ladder = grounded('1.27', {ProcessedDataKmsKeyArn: 'arn:aws:kms:us-east-2:123456789012:key/k'});
    expect(ladder.rungs[3].blocked).toEqual([]);
    expect(ladder.rungs[3].parameters!.find(p => p.key === 'ProcessedDataKmsKeyArn')).toMatchObject({fate: 'set', source: 'params'});
  });

  it('a --params key no rung declares is refused, naming it', () => {
    expect(() => grounded('1.26', {ProcessedDataKmsKeyArm: 'x'})).toThrow(
      "--params gives ProcessedDataKmsKeyArm, which no rung's template declares (1.24.12 to 1.26.9): check the name, or remove it.",
    );
  });

  it('a migration applies only where the template declares its parameter', () => {
    const noPulumi = new Map([['1.22.7', {root: [d('FirstUserEmail')], role: null}]]);
    const ladder = planLadder(base('1.21.5', '1.22', {parameters: {FirstUserEmail: 'a@example.com'}, templates: noPulumi}));
    expect(ladder.rungs[0].blocked).toEqual([]);
    expect(ladder.rungs[0].migrations.map(m => m.id)).not.toContain('pulumi-secrets');
    // The build after the deploy is the version's, not a parameter's.
    expect(ladder.rungs[0].after).toContain(PULUMI_CODEBUILD_STEP);
  });
});
