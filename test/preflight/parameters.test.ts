import {describe, expect, it} from 'vitest';
import {editDistance, nearestKnownName, parameterChecks} from '../../source/panther/preflight/parameters.js';
import type {Check} from '../../source/panther/preflight/types.js';

const ACCOUNT = '123456789012';
const GOOD: Record<string, string> = {
  FirstUserEmail: 'secops@example.com',
  PulumiSecretArn: `arn:aws:secretsmanager:us-east-2:${ACCOUNT}:secret:panther-pulumi-a1b2c3`,
  PulumiSecretKeyArn: `arn:aws:secretsmanager:us-east-2:${ACCOUNT}:secret:panther-pulumi-key-d4e5f6`,
  ApiCertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
};

function run(params: Record<string, string> | null, version = '1.39.7'): Check[] {
  return parameterChecks({params, paramsFile: 'params.json', version, account: ACCOUNT});
}
/** The checks that are not passes, as "id status". */
const problems = (checks: Check[]) => checks.filter(c => c.status !== 'pass').map(c => `${c.id} ${c.status}`);

describe('parameter rules, with the template read (deploy)', () => {
  const declared = new Map<string, string | null>([
    ['ProcessedDataKmsKeyArn', null],
    ['ConsoleSessionTimeoutMinutes', '60'],
  ]);
  const withTemplate = (params: Record<string, string>) =>
    parameterChecks({params, paramsFile: 'params.json', version: '1.39.7', account: ACCOUNT, declared});

  it('a key the rules do not know but the template requires is no warning; one it declares with a default is an optional setting', () => {
    const checks = withTemplate({
      ...GOOD,
      ProcessedDataKmsKeyArn: `arn:aws:kms:us-east-2:${ACCOUNT}:key/1`,
      ConsoleSessionTimeoutMinutes: '30',
      Made: 'x',
    });
    expect(problems(checks)).toEqual(['parameters.ConsoleSessionTimeoutMinutes warn', 'parameters.Made warn']);
    expect(checks.find(c => c.id === 'parameters.ConsoleSessionTimeoutMinutes')!.found).toBe(
      'ConsoleSessionTimeoutMinutes = "30": an optional parameter of the 1.39.7 template (default "60") set on a first deploy',
    );
    expect(checks.find(c => c.id === 'parameters.Made')!.found).toMatch(/is not a parameter this console knows/);
  });
});

describe('parameter rules', () => {
  it('passes a complete file with every optional value at its default', () => {
    const checks = run({...GOOD, SentryEnvironment: 'prod', DataLakeForwarderMemory: '256', CompanyDisplayName: 'Example Corp'});
    expect(problems(checks)).toEqual([]);
    expect(checks.map(c => c.id)).toEqual(['parameters.required', 'parameters.optional']);
    expect(checks[0]!.found).toContain('FirstUserEmail, PulumiSecretArn, PulumiSecretKeyArn, ApiCertificateArn present and well formed');
    expect(checks[1]!.found).toBe('2 optional values given, all at their defaults');
  });

  const cases: {name: string; set: Record<string, string>; omit?: string[]; version?: string; expect: string[]; found?: RegExp}[] = [
    {name: 'FirstUserEmail missing', set: {}, omit: ['FirstUserEmail'], expect: ['parameters.FirstUserEmail fail'], found: /missing/},
    {name: 'FirstUserEmail not an email', set: {FirstUserEmail: 'secops@example'}, expect: ['parameters.FirstUserEmail fail'], found: /not an email/},
    {name: 'PulumiSecretArn blank', set: {PulumiSecretArn: ' '}, expect: ['parameters.PulumiSecretArn fail'], found: /blank/},
    {
      name: 'PulumiSecretKeyArn not an ARN',
      set: {PulumiSecretKeyArn: 'my-key'},
      expect: ['parameters.PulumiSecretKeyArn fail'],
      found: /not a Secrets Manager secret ARN/,
    },
    {
      name: 'PulumiSecretArn of an SSM parameter',
      set: {PulumiSecretArn: `arn:aws:ssm:us-east-2:${ACCOUNT}:parameter/x`},
      expect: ['parameters.PulumiSecretArn fail'],
    },
    {
      name: 'a secret in another account',
      set: {PulumiSecretArn: 'arn:aws:secretsmanager:us-east-2:999999999999:secret:x-a1b2c3'},
      expect: ['parameters.PulumiSecretArn warn'],
      found: /account 999999999999/,
    },
    {name: 'Pulumi secrets not needed before 1.22', set: {}, omit: ['PulumiSecretArn', 'PulumiSecretKeyArn'], version: '1.21.5', expect: []},
    {
      name: 'a Pulumi secret given to a version without it',
      set: {},
      omit: ['PulumiSecretKeyArn'],
      version: '1.21.5',
      expect: ['parameters.PulumiSecretArn warn'],
      found: /only a parameter from 1.22.0/,
    },
    {
      name: 'certificate outside us-east-1',
      set: {ApiCertificateArn: `arn:aws:acm:us-east-2:${ACCOUNT}:certificate/abc`},
      expect: ['parameters.ApiCertificateArn fail'],
      found: /us-east-1/,
    },
    {
      name: 'DataLakeForwarderMemory above 2048',
      set: {DataLakeForwarderMemory: '4096'},
      expect: ['parameters.DataLakeForwarderMemory fail'],
      found: /outside 256\.\.2048/,
    },
    {name: 'DataLakeForwarderMemory below 256', set: {DataLakeForwarderMemory: '128'}, expect: ['parameters.DataLakeForwarderMemory fail']},
    {
      name: 'DataLakeForwarderMemory in range but raised',
      set: {DataLakeForwarderMemory: '1024'},
      expect: ['parameters.DataLakeForwarderMemory warn'],
      found: /instead of the default "256" on a first deploy/,
    },
    {
      name: 'DataLakeForwarderMemory at 2048 (bound included)',
      set: {DataLakeForwarderMemory: '2048'},
      expect: ['parameters.DataLakeForwarderMemory warn'],
    },
    {name: 'LogProcessorGzipLevel 0', set: {LogProcessorGzipLevel: '0'}, expect: ['parameters.LogProcessorGzipLevel fail'], found: /outside 1\.\.9/},
    {name: 'LogProcessorGzipLevel 10', set: {LogProcessorGzipLevel: '10'}, expect: ['parameters.LogProcessorGzipLevel fail']},
    {name: 'LogProcessorGzipLevel not a number', set: {LogProcessorGzipLevel: 'fast'}, expect: ['parameters.LogProcessorGzipLevel fail']},
    {name: 'LogProcessorGzipLevel 6 (default)', set: {LogProcessorGzipLevel: '6'}, expect: []},
    {
      name: 'MaxLookupTableCompressedSizeMB 400 (max)',
      set: {MaxLookupTableCompressedSizeMB: '400'},
      expect: ['parameters.MaxLookupTableCompressedSizeMB warn'],
    },
    {
      name: 'MaxLookupTableCompressedSizeMB 401',
      set: {MaxLookupTableCompressedSizeMB: '401'},
      expect: ['parameters.MaxLookupTableCompressedSizeMB fail'],
    },
    {
      name: 'a typo of a known name',
      set: {FirstUserEmial: 'x@example.com'},
      expect: ['parameters.FirstUserEmial fail'],
      found: /typo of FirstUserEmail/,
    },
    {name: 'a wrong case of a known name', set: {onboardself: 'true'}, expect: ['parameters.onboardself fail'], found: /typo of OnboardSelf/},
    {
      name: 'an unknown optional setting (Snowflake)',
      set: {SnowflakeAccountName: 'example'},
      expect: ['parameters.SnowflakeAccountName warn'],
      found: /not a parameter this console knows/,
    },
    {
      name: 'a custom domain on a first deploy',
      set: {CustomDomain: 'panther.example.com'},
      expect: ['parameters.CustomDomain warn'],
      found: /on a first deploy/,
    },
    {name: 'PipLibraries set', set: {PipLibraries: 'requests'}, expect: ['parameters.PipLibraries warn']},
    {name: 'OnboardSelf false', set: {OnboardSelf: 'false'}, expect: ['parameters.OnboardSelf warn']},
    {name: 'OnboardSelf not a boolean', set: {OnboardSelf: 'yes'}, expect: ['parameters.OnboardSelf fail']},
    {name: 'blank SentryEnvironment', set: {SentryEnvironment: ''}, expect: ['parameters.SentryEnvironment warn'], found: /error reporting is off/},
    {name: 'another SentryEnvironment', set: {SentryEnvironment: 'staging'}, expect: ['parameters.SentryEnvironment warn']},
    {
      name: 'blank SupportRoleIdentityAccountId',
      set: {SupportRoleIdentityAccountId: ''},
      expect: ['parameters.SupportRoleIdentityAccountId warn'],
      found: /no read-only support role/,
    },
    {name: 'SupportRoleIdentityAccountId set', set: {SupportRoleIdentityAccountId: '111122223333'}, expect: []},
    {
      name: 'SupportRoleIdentityAccountId malformed',
      set: {SupportRoleIdentityAccountId: '1234'},
      expect: ['parameters.SupportRoleIdentityAccountId fail'],
    },
    {
      name: 'OpsRoleIdentityAccountId set',
      set: {OpsRoleIdentityAccountId: '999988887777'},
      expect: ['parameters.OpsRoleIdentityAccountId warn'],
      found: /admin operations role/,
    },
    {name: 'OpsRoleIdentityAccountId blank (default)', set: {OpsRoleIdentityAccountId: ''}, expect: []},
    {name: 'cosmetic names', set: {CompanyDisplayName: 'Example', FirstUserGivenName: 'Sam'}, expect: []},
  ];
  it.each(cases)('$name', c => {
    const params = {...GOOD, ...c.set};
    for (const k of c.omit ?? []) delete params[k];
    const checks = run(params, c.version);
    expect(problems(checks)).toEqual(c.expect);
    if (c.found) expect(checks.find(x => x.status !== 'pass')!.found).toMatch(c.found);
    for (const x of checks) if (x.status !== 'pass') expect(x.action).not.toBe('');
  });

  it('says the parameters could not be checked without --params', () => {
    const checks = run(null);
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({id: 'parameters.file', status: 'unknown'});
    expect(checks[0]!.found).toContain('FirstUserEmail, PulumiSecretArn, PulumiSecretKeyArn');
  });
});

describe('typos in parameter names', () => {
  it('suggests the nearest known name only when it is close', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(nearestKnownName('PulumiSecretARN')).toBe('PulumiSecretArn');
    expect(nearestKnownName('DataLakeForwarderMemmory')).toBe('DataLakeForwarderMemory');
    expect(nearestKnownName('SnowflakeAccountName')).toBeNull();
  });
});
