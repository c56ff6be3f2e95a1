// What redaction removes by structure, and where else it then removes it: NoEcho values always (the allow-list
// never overrides NoEcho), parameter values off the allow-list, secret-named tags, outputs and fields, e-mail
// addresses, inside CloudTrail's JSON-in-JSON too; and the guards that keep the bundle readable.
import {describe, expect, it} from 'vitest';
import {redactJson} from '../../source/report/redact.js';

const STACK_ID = 'arn:aws:cloudformation:us-east-2:123456789012:stack/panther-prod/7f116cb4-7176-42c4-8d02-be4da511fb48';

const text = (v: unknown): string => JSON.stringify(v);

describe('NoEcho wins over the allow-list', () => {
  it('an allow-listed parameter the template summary marks NoEcho is redacted everywhere', () => {
    const input = {
      calls: [
        {
          operation: 'GetTemplateSummary',
          output: {Parameters: [{ParameterKey: 'CustomDomain', NoEcho: true, DefaultValue: 'noecho-default.example.com'}]},
        },
        {
          operation: 'DescribeStacks',
          output: {Stacks: [{StackId: STACK_ID, Parameters: [{ParameterKey: 'CustomDomain', ParameterValue: 'noecho-live.example.com'}]}]},
        },
        {
          operation: 'LookupEvents',
          output: {
            Events: [
              {
                CloudTrailEvent: JSON.stringify({
                  eventName: 'CreateStack',
                  requestParameters: {parameters: [{parameterKey: 'CustomDomain', parameterValue: 'noecho-live.example.com'}]},
                }),
              },
            ],
          },
        },
        {operation: 'DescribeStackEvents', output: {StackEvents: [{ResourceStatusReason: 'domain noecho-live.example.com is taken'}]}},
      ],
    };
    const {value, counts} = redactJson(input);
    expect(text(value)).not.toContain('noecho-live.example.com');
    expect(text(value)).not.toContain('noecho-default.example.com');
    expect(counts.noEcho).toBeGreaterThanOrEqual(3);
  });

  it('a parameter DescribeStacks shows as **** is NoEcho: its value goes wherever else it shows, allow-listed or not', () => {
    const allow = new Set(['CompanyDisplayName']);
    const input = {
      calls: [
        {
          operation: 'DescribeStacks',
          output: {Stacks: [{StackId: STACK_ID, Parameters: [{ParameterKey: 'CompanyDisplayName', ParameterValue: '****'}]}]},
        },
        {operation: 'GetTemplateSummary', output: {Parameters: [{ParameterKey: 'CompanyDisplayName', DefaultValue: 'Hidden Company Name'}]}},
        {
          operation: 'GetTemplate',
          output: {TemplateBody: JSON.stringify({Parameters: {CompanyDisplayName: {Type: 'String', Default: 'Hidden Company Name'}}})},
        },
        {
          operation: 'DescribeStacks',
          output: {Stacks: [{StackId: STACK_ID, Outputs: [{OutputKey: 'Banner', OutputValue: 'Welcome, Hidden Company Name'}]}]},
        },
      ],
    };
    const {value} = redactJson(input, {allowParameters: allow});
    expect(text(value)).not.toContain('Hidden Company Name');
    // What AWS shows for NoEcho stays as AWS showed it.
    expect(text(value.calls[0])).toContain('"ParameterValue":"****"');
  });
});

describe('secret-named tags, outputs and fields', () => {
  it('redacts the Value of a secret-named tag (CloudFormation and CloudTrail spellings), keeps the others', () => {
    const input = {
      Stacks: [
        {
          StackId: STACK_ID,
          Tags: [
            {Key: 'ApiToken', Value: 'tag-api-token-value'},
            {Key: 'slack_webhook_url', Value: 'https://example.invalid/tag-webhook'},
            {Key: 'Team', Value: 'detections'},
            {Key: 'PantherVersion', Value: '1.28.7'},
            {Key: 'TokenType', Value: 'Bearer'},
          ],
        },
      ],
      CloudTrailEvent: JSON.stringify({requestParameters: {tags: [{key: 'DbPassword', value: 'cloudtrail-tag-pw'}]}}),
    };
    const {value} = redactJson(input);
    expect(value.Stacks[0]!.Tags.map(t => t.Value)).toEqual(['<redacted>', '<redacted>', 'detections', '1.28.7', 'Bearer']);
    expect(value.CloudTrailEvent).not.toContain('cloudtrail-tag-pw');
    expect(JSON.parse(value.CloudTrailEvent).requestParameters.tags[0]).toEqual({key: 'DbPassword', value: '<redacted>'});
  });

  it('redacts secret-named outputs and their value elsewhere, keeps ARNs (they name a secret, not hold it)', () => {
    const input = {
      Outputs: [
        {OutputKey: 'AdminPassword', OutputValue: 'output-admin-pw-1'},
        {OutputKey: 'PulumiSecretArn', OutputValue: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:panther-pulumi-abc123'},
        {OutputKey: 'WebUrl', OutputValue: 'https://panther.example.com'},
      ],
      note: 'login with output-admin-pw-1',
    };
    const {value} = redactJson(input);
    expect(value.Outputs.map(o => o.OutputValue)).toEqual([
      '<redacted>',
      'arn:aws:secretsmanager:us-east-2:123456789012:secret:panther-pulumi-abc123',
      'https://panther.example.com',
    ]);
    expect(value.note).toBe('login with <redacted>');
  });

  it('redacts secret-named fields of CloudTrail records inside CloudTrailEvent, which stays JSON', () => {
    const record = {
      eventVersion: '1.08',
      userIdentity: {type: 'AssumedRole', accessKeyId: 'ASIAY34FZKBOKMUTVV7A'},
      eventName: 'AssumeRole',
      responseElements: {
        credentials: {
          accessKeyId: 'ASIAY34FZKBOKMUTVV7A',
          sessionToken: 'opaque-session-token-value',
          secretAccessKey: 'not/base64/shaped/but/secret',
          expiration: 'Nov 2, 2026',
        },
      },
      requestParameters: {roleSessionName: 'jane', webIdentityToken: 'web-identity-token-value', clientRequestToken: 'Console-CreateStack-0a1b2c3d'},
    };
    const {value} = redactJson({Events: [{EventId: 'c9b994d7-2b78-4ef2-b486-ed8e47eac5ef', CloudTrailEvent: JSON.stringify(record)}]});
    const out = JSON.parse(value.Events[0]!.CloudTrailEvent);
    expect(out.responseElements.credentials).toEqual({
      accessKeyId: 'ASIAXXXXXXXXXXXXXXXX',
      sessionToken: '<redacted>',
      secretAccessKey: '<redacted>',
      expiration: 'Nov 2, 2026',
    });
    expect(out.requestParameters).toEqual({
      roleSessionName: 'jane',
      webIdentityToken: '<redacted>',
      clientRequestToken: 'Console-CreateStack-0a1b2c3d',
    });
    expect(value.Events[0]!.EventId).toBe('c9b994d7-2b78-4ef2-b486-ed8e47eac5ef');
  });

  it('leaves JSON strings with nothing to redact byte for byte as they were', () => {
    const body = '{\n    "Resources": {}\n}';
    const event = JSON.stringify({eventName: 'DescribeStacks', errorCode: 'AccessDenied'});
    const {value} = redactJson({TemplateBody: body, CloudTrailEvent: event});
    expect(value).toEqual({TemplateBody: body, CloudTrailEvent: event});
  });
});

describe('values removed once are removed where they reappear', () => {
  const input = {
    stack: 'panther-prod',
    calls: [
      {
        operation: 'DescribeStacks',
        output: {
          Stacks: [
            {
              StackName: 'panther-prod',
              StackId: STACK_ID,
              StackStatus: 'ROLLBACK_COMPLETE',
              Parameters: [
                {ParameterKey: 'CompanyDisplayName', ParameterValue: 'Initech Holdings'},
                {ParameterKey: 'DeploymentLabel', ParameterValue: 'true'},
                {ParameterKey: 'BuildNumber', ParameterValue: '12345678'},
                {ParameterKey: 'StackAlias', ParameterValue: 'panther-prod'},
                {ParameterKey: 'PantherVersion', ParameterValue: '1.28.7'},
              ],
              Outputs: [{OutputKey: 'Title', OutputValue: 'Panther for Initech Holdings'}],
              Tags: [{Key: 'Owner', Value: 'Initech Holdings'}],
            },
          ],
        },
      },
      {
        operation: 'DescribeStackEvents',
        output: {
          StackEvents: [
            {
              StackName: 'panther-prod',
              StackId: STACK_ID,
              LogicalResourceId: 'Core',
              ResourceStatus: 'CREATE_FAILED',
              ResourceStatusReason: 'Initech Holdings: true is not allowed (build 12345678)',
            },
          ],
        },
      },
      {operation: 'LookupEvents', output: {Events: [{CloudTrailEvent: JSON.stringify({errorMessage: 'display name "Initech Holdings" rejected'})}]}},
    ],
  };

  it('a parameter value off the allow-list, in outputs, tags, reasons and CloudTrail JSON', () => {
    const out = text(redactJson(input).value);
    expect(out).not.toContain('Initech');
  });

  it('a value that is not secret goes only as a whole token, and a plain word (a log level) stays in prose', () => {
    const bundle = {
      calls: [
        {
          operation: 'DescribeStacks',
          output: {
            Stacks: [
              {
                StackId: STACK_ID,
                Parameters: [
                  {ParameterKey: 'LogLevel', ParameterValue: 'warning'},
                  {ParameterKey: 'CompanyDisplayName', ParameterValue: 'Acme Corp'},
                ],
              },
            ],
          },
        },
        {
          operation: 'DescribeStackEvents',
          output: {StackEvents: [{ResourceStatusReason: 'Acme Corp bucket exists; warning: retry later (see AcmeCorpDocs)'}]},
        },
      ],
    };
    const {value} = redactJson(bundle);
    expect(value.calls[1]!.output.StackEvents![0]!.ResourceStatusReason).toBe('<redacted> bucket exists; warning: retry later (see AcmeCorpDocs)');
    expect(value.calls[0]!.output.Stacks![0]!.Parameters!.map(p => p.ParameterValue)).toEqual(['<redacted>', '<redacted>']);
  });

  it('but not short values, digits only, or a value the bundle needs as a stack name (the guards)', () => {
    const {value} = redactJson(input);
    const reason = value.calls[1]!.output.StackEvents![0]!.ResourceStatusReason!;
    expect(reason).toBe('<redacted>: true is not allowed (build 12345678)');
    const out = text(value);
    expect(out).toContain(STACK_ID);
    expect(out).toContain('"StackName":"panther-prod"');
    expect(value.stack).toBe('panther-prod');
    // In their own place, they are still gone.
    expect(value.calls[0]!.output.Stacks![0]!.Parameters!.map(p => p.ParameterValue)).toEqual([
      '<redacted>',
      '<redacted>',
      '<redacted>',
      '<redacted>',
      '1.28.7',
    ]);
  });

  it('a secret JSON-escaped inside a JSON string, and in the Markdown summary however it is escaped', () => {
    const secret = 'pa"ss\\word_with*marks';
    const {value} = redactJson({
      Parameters: [{ParameterKey: 'DbPassword', ParameterValue: secret}],
      CloudTrailEvent: JSON.stringify({errorMessage: `bad ${secret}`}),
      ResourceStatusReason: `prefix "${JSON.stringify(secret).slice(1, -1)}" suffix`,
      summaryMarkdown: '| Reason | pa"ss\\\\word\\_with\\*marks |\n\n```text\npa"ss\\word_with*marks\n```\n',
    });
    const out = text(value);
    expect(JSON.parse(value.CloudTrailEvent).errorMessage).toBe('bad <redacted>');
    expect(value.ResourceStatusReason).toBe('prefix "<redacted>" suffix');
    expect(value.summaryMarkdown).not.toMatch(/with|marks/);
    expect(out).not.toMatch(/with|marks/);
  });
});

describe('e-mail addresses', () => {
  const input = {
    calls: [
      {
        operation: 'DescribeStacks',
        output: {
          Stacks: [
            {
              StackId: STACK_ID,
              Parameters: [{ParameterKey: 'FirstUserEmail', ParameterValue: 'Jane.Doe@Example.com'}],
              Tags: [{Key: 'Owner', Value: 'jane.doe@example.com'}],
              StackStatusReason: 'invite sent to jane.doe@example.com and ops@acme.io',
            },
          ],
        },
      },
      {
        operation: 'LookupEvents',
        output: {
          Events: [
            {
              Username: 'jane.doe@example.com',
              CloudTrailEvent: JSON.stringify({
                userIdentity: {
                  type: 'AssumedRole',
                  principalId: 'AROAEXAMPLEID:jane.doe@example.com',
                  arn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_abc123/jane.doe@example.com',
                },
                requestParameters: {notificationEmail: 'jane.doe%40example.com'},
              }),
            },
          ],
        },
      },
      {operation: 'GetCallerIdentity', output: {Arn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_abc123/ops@acme.io'}},
    ],
    summaryMarkdown: '| principal | `arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_abc123/jane.doe@example.com` |',
  };

  it('are masked everywhere, one stable mask per person, the domain gone', () => {
    const {value, counts} = redactJson(input);
    const out = text(value);
    expect(out).not.toMatch(/jane|doe|example\.com|acme/i);
    const ct = JSON.parse(value.calls[1]!.output.Events![0]!.CloudTrailEvent!);
    expect(ct.userIdentity.arn).toBe('arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_abc123/user-1@example.invalid');
    expect(ct.userIdentity.principalId).toBe('AROAEXAMPLEID:user-1@example.invalid');
    expect(ct.requestParameters.notificationEmail).toBe('user-1%40example.invalid');
    expect(value.calls[1]!.output.Events![0]!.Username).toBe('user-1@example.invalid');
    expect(value.calls[2]!.output.Arn).toMatch(/\/user-2@example\.invalid$/);
    expect(value.summaryMarkdown).toContain('AWSReservedSSO_Admin_abc123/user-1@example.invalid');
    // The parameter keeps its own placeholder.
    expect(value.calls[0]!.output.Stacks![0]!.Parameters![0]!.ParameterValue).toBe('<redacted>');
    expect(counts.emails).toBe(2);
  });

  it('with --mask-account too, and redacting twice changes nothing more', () => {
    const once = redactJson(input, {maskAccount: true}).value;
    expect(text(once)).not.toMatch(/jane|example\.com|123456789012/i);
    expect(redactJson(once, {maskAccount: true}).value).toEqual(once);
  });
});

describe('the Markdown summary', () => {
  it('loses tokens however Markdown escaped them, and keeps its structure', () => {
    const summary = [
      '| Reason | token ghp\\_abcdefghijklmnopqrstuvwxyz0123456789 and sk\\_live\\_0123456789abcdefEXAMPLE |',
      '| Key | github\\_pat\\_11ABCDEFG0123456789abc\\_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ |',
      '| Header | Authorization: Bearer abc\\_defghijklmnop |',
      '| Status | ROLLBACK\\_COMPLETE \\(see \\[docs\\]\\) |',
    ].join('\n');
    const out = redactJson({summaryMarkdown: summary}).value.summaryMarkdown;
    expect(out).not.toMatch(/abcdefghijklmnopqrstuvwxyz0123456789|0123456789abcdefEXAMPLE|11ABCDEFG|defghijklmnop/);
    expect(out.split('\n').map(l => l.split(' | ')[0])).toEqual(['| Reason', '| Key', '| Header', '| Status']);
    expect(out).toContain('| Status | ROLLBACK\\_COMPLETE \\(see \\[docs\\]\\) |');
  });
});

describe('the allow-list', () => {
  it('never keeps a value whose parameter name says secret, nor a default of one', () => {
    const allow = new Set(['PantherVersion', 'LicenseKeyPassword']);
    const {value} = redactJson(
      {
        Parameters: [
          {ParameterKey: 'LicenseKeyPassword', ParameterValue: 'allowed-but-secret-name'},
          {ParameterKey: 'PantherVersion', ParameterValue: '1.28.7'},
        ],
        TemplateBody: 'Parameters:\n  LicenseKeyPassword:\n    Type: String\n    Default: allowed-but-secret-default\n',
      },
      {allowParameters: allow},
    );
    expect(text(value)).not.toMatch(/allowed-but-secret/);
    expect(value.Parameters[1]!.ParameterValue).toBe('1.28.7');
  });
});

describe('--mask-account inside embedded JSON', () => {
  it('masks an account ID that is a key or a number in a JSON template (as text), not only inside strings', () => {
    const template = JSON.stringify({Mappings: {Accounts: {'210987654321': {Id: 210987654321, Name: 'prod'}}}, Resources: {}});
    const {value} = redactJson({calls: [{operation: 'GetTemplate', output: {TemplateBody: template}}]}, {maskAccount: true});
    expect(text(value)).not.toContain('210987654321');
    expect(value.calls[0]!.output.TemplateBody).toContain('"000000000000":');
  });
});
