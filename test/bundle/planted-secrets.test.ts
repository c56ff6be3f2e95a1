// Planted secrets: a bundle shaped as the recorder makes it (DescribeStacks, DescribeStackEvents, GetTemplate in
// JSON and YAML, GetTemplateSummary, CloudTrail LookupEvents with its JSON-in-JSON records) and a Markdown summary
// written as the bundle command writes it, with one secret of each kind planted in each place. After makeBundle,
// with and without --mask-account, no planted secret is left, and the bundle still says what happened.
import {gunzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {decodeBundle, encodeBundle, makeBundle, type Bundle} from '../../source/report/bundle.js';
import {cell, fenced} from '../../source/report/markdown.js';
import {parseCfnYaml} from '../../source/report/redact-yaml.js';

const ACCOUNT = '123456789012';
const STACK_ID = `arn:aws:cloudformation:us-east-2:${ACCOUNT}:stack/panther-prod/7f116cb4-7176-42c4-8d02-be4da511fb48`;
const TEMPLATE_URL = 'https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.28.7/panther.yml';
const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const EVENT_ID = 'c9b994d7-2b78-4ef2-b486-ed8e47eac5ef';
const REQUEST_TOKEN = 'Console-CreateStack-0a1b2c3d-4e5f-6789-abcd-ef0123456789';

/** Secrets as text shows them: [kind, the text planted, the part that must be gone]. */
const TEXT_SECRETS: [string, string, string][] = [
  ['AWS secret key after =', 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI/K7MDENG'],
  ['AWS secret key in JSON', '{"SecretAccessKey": "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd"}', 'AbCdEfGhIjKlMnOpQrStUvWxYz'],
  ['AWS secret key exported', 'export AWS_SECRET_ACCESS_KEY=Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0PpOoNnMmLl', 'Zz9Yy8Xx7Ww6Vv5Uu4Tt3'],
  ['session token', 'aws_session_token=IQoJb3JpZ2luX2VjEPLANTEDsessionTokenBody0123456789', 'PLANTEDsessionTokenBody'],
  ['JWT', 'id eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJQTEFOVEVEIn0.UExBTlRFRHNpZ25hdHVyZQ', 'eyJzdWIiOiJQTEFOVEVEIn0'],
  ['Slack webhook', 'notify https://hooks.slack.com/services/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', 'plantedSlackHookSecret01'],
  ['Discord webhook', 'https://discord.com/api/webhooks/123456789012345678/plantedDiscordHookSecret_0123', 'plantedDiscordHookSecret'],
  ['Teams webhook', 'https://acme.webhook.office.com/webhookb2/abc@def/IncomingWebhook/plantedTeamsHook0123/ghi', 'plantedTeamsHook0123'],
  ['Sentry DSN', 'SENTRY_DSN https://f00dfeedf00dfeedf00dfeedf00dfeed@o123456.ingest.sentry.io/4567', 'f00dfeedf00dfeedf00dfeedf00dfeed'],
  ['password in prose', 'login failed, the password is hunter2!x', 'hunter2!x'],
  ['password after a colon', 'password: Plant3d-Colon-Pw', 'Plant3d-Colon-Pw'],
  ['hex API key', 'api key 0f1e2d3c4b5a69788796a5b4c3d2e1f0', '0f1e2d3c4b5a69788796a5b4c3d2e1f0'],
  ['GitHub classic token', 'ghp_PLANTEDclassic0123456789abcdefghijkl', 'PLANTEDclassic0123456789'],
  [
    'GitHub fine-grained token',
    'github_pat_11PLANTED0123456789abcd_PlantedFineGrainedBody0123456789abcdefghijklmnopqrstuvwx',
    'PlantedFineGrainedBody',
  ],
  ['GitLab token', 'glpat-PLANTEDgitlab0123456789', 'PLANTEDgitlab0123456789'],
  ['Slack token', 'xoxb-123456789012-PLANTEDslackBotToken', 'PLANTEDslackBotToken'],
  ['Stripe key', 'sk_live_PLANTEDstripe0123456789', 'PLANTEDstripe0123456789'],
  ['Google API key', 'AIzaPLANTEDgoogleKey0123456789abcdefghi', 'PLANTEDgoogleKey0123456789'],
  ['npm token', 'npm_PLANTEDnpmToken0123456789abcdefghijk', 'PLANTEDnpmToken0123456789'],
  ['Azure account key', `AccountName=acme;AccountKey=PLANTEDazure${'Ab0+'.repeat(19)}==`, 'PLANTEDazure'],
  ['Azure SAS', 'https://acme.blob.core.windows.net/c?sv=2022-11-02&sig=PLANTEDsasSignature0123%3D', 'PLANTEDsasSignature'],
  ['PEM private key', '-----BEGIN PRIVATE KEY-----\nMIIEvPLANTEDpemKeyBody\n-----END PRIVATE KEY-----', 'MIIEvPLANTEDpemKeyBody'],
  ['OpenSSH private key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnPLANTEDopenssh\n-----END OPENSSH PRIVATE KEY-----', 'b3BlbnPLANTEDopenssh'],
  ['PGP private key', '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBPLANTEDpgpBody\n-----END PGP PRIVATE KEY BLOCK-----', 'lQOYBPLANTEDpgpBody'],
  ['user:password@ URL', 'postgres://admin:PlantedUrlPass9@db.internal:5432/x', 'PlantedUrlPass9'],
  ['token@ URL', 'https://plantedUrlToken0123@git.example.org/repo.git', 'plantedUrlToken0123'],
  ['Bearer header', 'Authorization: Bearer PlantedBearerToken123', 'PlantedBearerToken123'],
];

/** Secrets planted by structure: [kind, the value]. */
const VALUES = {
  noEchoJson: 'NoEchoJsonDefault-7Qz9',
  noEchoBlock: 'noecho-block-scalar-line',
  noEchoFlow: 'noecho-flow-default-x1',
  noEchoAllowListed: 'noecho-allowlisted.example.org',
  noEchoLive: 'NoEchoLiveValue-4Kp2',
  plainParameter: 'Initech Holdings',
  secretTag: 'planted-tag-token-8c1',
  secretOutput: 'planted-output-pw-2d7',
  firstUser: 'first.user@customer-corp.com',
  ssoUser: 'sso.engineer@customer-corp.com',
};

const templateJson = {
  AWSTemplateFormatVersion: '2010-09-09',
  Description: 'Panther v1.28.7',
  Parameters: {
    PantherVersion: {Type: 'String', Default: '1.28.7'},
    SnowflakeKey: {Type: 'String', NoEcho: true, Default: VALUES.noEchoJson},
    CompanyDisplayName: {Type: 'String', Default: VALUES.plainParameter},
    FirstUserEmail: {Type: 'String', Description: `e.g. ${VALUES.firstUser}`},
    ...Object.fromEntries(TEXT_SECRETS.map(([, planted], i) => [`Note${i}`, {Type: 'String', Description: planted}])),
  },
  Resources: {AuditLogsBucket: {Type: 'AWS::S3::Bucket', Properties: {Tags: [{Key: 'ApiToken', Value: VALUES.secretTag}]}}},
};

const templateYaml = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  ApiSecret:
    Type: String
    NoEcho: true
    Default: |
      ${VALUES.noEchoBlock}
  Webhook: {Type: String, NoEcho: true, Default: ${VALUES.noEchoFlow}}
  CustomDomain: {Type: String, NoEcho: true, Default: ${VALUES.noEchoAllowListed}}
  OnboardSelf:
    Type: String
    Default: "true"
Metadata:
${TEXT_SECRETS.map(
  ([, planted], i) =>
    `  Note${i}: |\n${planted
      .split('\n')
      .map(l => `    ${l}`)
      .join('\n')}`,
).join('\n')}
Resources:
  AuditLogsBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "\${AWS::StackName}-audit"
`;

const ssoArn = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a/${VALUES.ssoUser}`;

function trailEvent(i: number, planted: string): Record<string, unknown> {
  const record = {
    eventVersion: '1.08',
    userIdentity: {type: 'AssumedRole', principalId: `AROAEXAMPLE:${VALUES.ssoUser}`, arn: ssoArn, accountId: ACCOUNT},
    eventTime: '2026-11-02T14:09:12Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'CreateBucket',
    errorCode: 'AccessDenied',
    errorMessage: `User: ${ssoArn} is not authorized: ${planted}`,
    requestParameters: {
      description: planted,
      tags: [{key: 'ApiToken', value: VALUES.secretTag}],
      parameters: [
        {parameterKey: 'SnowflakeKey', parameterValue: VALUES.noEchoLive},
        {parameterKey: 'FirstUserEmail', parameterValue: VALUES.firstUser},
      ],
    },
  };
  return {
    EventId: `${EVENT_ID.slice(0, -2)}${String(i).padStart(2, '0')}`,
    EventName: 'CreateBucket',
    Username: VALUES.ssoUser,
    CloudTrailEvent: JSON.stringify(record),
  };
}

function plantedCalls() {
  const stack = {
    StackName: 'panther-prod',
    StackId: STACK_ID,
    StackStatus: 'ROLLBACK_COMPLETE',
    StackStatusReason: `The following resource(s) failed to create: [AuditLogsBucket]. Invite for ${VALUES.firstUser}`,
    Parameters: [
      {ParameterKey: 'PantherVersion', ParameterValue: '1.28.7'},
      {ParameterKey: 'OnboardSelf', ParameterValue: 'true'},
      {ParameterKey: 'SnowflakeKey', ParameterValue: '****'},
      {ParameterKey: 'CustomDomain', ParameterValue: VALUES.noEchoAllowListed},
      {ParameterKey: 'CompanyDisplayName', ParameterValue: VALUES.plainParameter},
      {ParameterKey: 'FirstUserEmail', ParameterValue: VALUES.firstUser},
    ],
    Outputs: [
      {OutputKey: 'AdminPassword', OutputValue: VALUES.secretOutput},
      {OutputKey: 'Banner', OutputValue: `Panther for ${VALUES.plainParameter} (${VALUES.noEchoLive})`},
      ...TEXT_SECRETS.map(([, planted], i) => ({OutputKey: `Note${i}`, OutputValue: planted})),
    ],
    Tags: [
      {Key: 'PantherVersion', Value: '1.28.7'},
      {Key: 'ApiToken', Value: VALUES.secretTag},
      {Key: 'Owner', Value: VALUES.firstUser},
      ...TEXT_SECRETS.map(([, planted], i) => ({Key: `Note${i}`, Value: planted})),
    ],
  };
  const events = [
    {
      StackId: STACK_ID,
      EventId: EVENT_ID,
      StackName: 'panther-prod',
      LogicalResourceId: 'AuditLogsBucket',
      PhysicalResourceId: '',
      ResourceType: 'AWS::S3::Bucket',
      Timestamp: '2026-11-02T14:09:12.000Z',
      ResourceStatus: 'CREATE_FAILED',
      ClientRequestToken: REQUEST_TOKEN,
      ResourceStatusReason: `Resource handler returned message: "Access Denied" (RequestToken: ${EVENT_ID}, HandlerErrorCode: AccessDenied) by ${VALUES.ssoUser}; value ${VALUES.noEchoLive}; output ${VALUES.secretOutput}; tag ${VALUES.secretTag}`,
    },
    ...TEXT_SECRETS.map(([, planted], i) => ({
      StackId: STACK_ID,
      EventId: `${EVENT_ID}-${i}`,
      StackName: 'panther-prod',
      LogicalResourceId: `Note${i}`,
      ResourceType: 'AWS::CloudFormation::WaitCondition',
      ResourceStatus: 'CREATE_FAILED',
      ResourceStatusReason: `Resource handler returned message: ${planted}`,
    })),
  ];
  return [
    {service: 'CloudFormation', operation: 'DescribeStacks', region: 'us-east-2', input: {StackName: 'panther-prod'}, output: {Stacks: [stack]}},
    {
      service: 'CloudFormation',
      operation: 'DescribeStackEvents',
      region: 'us-east-2',
      input: {StackName: STACK_ID},
      output: {StackEvents: events, NextToken: 'AAEAAbCdEf0123PageToken'},
    },
    {
      service: 'CloudFormation',
      operation: 'GetTemplate',
      region: 'us-east-2',
      input: {StackName: STACK_ID},
      output: {TemplateBody: JSON.stringify(templateJson, null, 2), StagesAvailable: ['Original']},
    },
    {
      service: 'CloudFormation',
      operation: 'GetTemplate',
      region: 'us-east-2',
      input: {StackName: 'panther-prod-yaml'},
      output: {TemplateBody: templateYaml},
    },
    {
      service: 'CloudFormation',
      operation: 'GetTemplateSummary',
      region: 'us-east-2',
      input: {TemplateURL: TEMPLATE_URL},
      output: {
        Parameters: [
          {ParameterKey: 'SnowflakeKey', ParameterType: 'String', NoEcho: true, DefaultValue: VALUES.noEchoJson},
          {ParameterKey: 'CustomDomain', ParameterType: 'String', NoEcho: false, DefaultValue: VALUES.noEchoAllowListed},
          {ParameterKey: 'PantherVersion', ParameterType: 'String', NoEcho: false, DefaultValue: '1.28.7'},
          ...TEXT_SECRETS.map(([, planted], i) => ({ParameterKey: `Note${i}`, ParameterType: 'String', NoEcho: false, Description: planted})),
        ],
        Metadata: JSON.stringify({sha256: SHA256}),
      },
    },
    {
      service: 'CloudTrail',
      operation: 'LookupEvents',
      region: 'us-east-2',
      input: {StartTime: '2026-11-02T14:00:00.000Z'},
      output: {Events: TEXT_SECRETS.map(([, planted], i) => trailEvent(i, planted))},
    },
    {
      service: 'STS',
      operation: 'GetCallerIdentity',
      region: 'us-east-2',
      input: {},
      output: {UserId: `AROAEXAMPLE:${VALUES.ssoUser}`, Account: ACCOUNT, Arn: ssoArn},
    },
  ];
}

/** The summary as the bundle command writes one: headings, table cells and a fenced reason (report/markdown.ts). */
function plantedSummary(): string {
  const planted = [...TEXT_SECRETS.map(([, p]) => p), ...Object.values(VALUES)];
  return [
    '# Post-mortem: panther-prod',
    '',
    '| Field | Value |',
    '|---|---|',
    ...planted.map((p, i) => `| note ${i} | ${cell(p)} |`),
    `| principal | ${cell(ssoArn)} |`,
    '',
    '**Reason**',
    '',
    ...fenced(planted.join('\n')),
    '',
    '## Bundle',
    '',
    'Recorded by panther-console for `panther-prod` in us-east-2: the root cause is AuditLogsBucket.',
  ].join('\n');
}

function bundleOf(maskAccount: boolean): {bundle: Bundle; text: string} {
  const bundle = makeBundle({
    createdAt: '2026-11-02T15:00:00.000Z',
    region: 'us-east-2',
    account: ACCOUNT,
    stack: 'panther-prod',
    stackId: STACK_ID,
    summaryMarkdown: plantedSummary(),
    calls: plantedCalls(),
    maskAccount,
  });
  return {bundle, text: gunzipSync(encodeBundle(bundle)).toString('utf8')};
}

const EVERY_SECRET: [string, string][] = [
  ...TEXT_SECRETS.map(([kind, , secret]) => [kind, secret] as [string, string]),
  ...Object.entries(VALUES),
  ['the e-mail domain', 'customer-corp'],
];

describe.each([false, true])('planted secrets (maskAccount %s)', maskAccount => {
  const {bundle, text} = bundleOf(maskAccount);

  it('planted each secret where a real bundle carries it (the input holds them all)', () => {
    const raw = JSON.stringify({calls: plantedCalls(), summary: plantedSummary()});
    for (const [kind, secret] of EVERY_SECRET) expect(raw, kind).toContain(secret);
  });

  it.each(EVERY_SECRET)('%s: not left anywhere, JSON-escaped or not', (_kind, secret) => {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(text).not.toContain(JSON.stringify(JSON.stringify(secret)).slice(2, -2));
    expect(bundle.summaryMarkdown).not.toContain(secret);
  });

  it('the Markdown summary has no planted secret however the Markdown escaped it', () => {
    const unescaped = bundle.summaryMarkdown.replace(/\\(.)/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    for (const [kind, secret] of EVERY_SECRET) expect(unescaped, kind).not.toContain(secret);
    expect(bundle.summaryMarkdown).toContain('# Post-mortem: panther-prod');
    expect(bundle.summaryMarkdown).toContain('AuditLogsBucket');
  });

  it('is still useful: names, ARNs, statuses, types, IDs, allow-listed values and valid embedded JSON and YAML', () => {
    const masked = maskAccount ? '000000000000' : ACCOUNT;
    const decoded = decodeBundle(encodeBundle(bundle));
    expect(decoded.stack).toBe('panther-prod');
    expect(decoded.stackId).toBe(STACK_ID.replace(ACCOUNT, masked));
    for (const kept of [
      'ROLLBACK_COMPLETE',
      'CREATE_FAILED',
      'AWS::S3::Bucket',
      'AuditLogsBucket',
      EVENT_ID,
      REQUEST_TOKEN,
      TEMPLATE_URL,
      SHA256,
      `RequestToken: ${EVENT_ID}, HandlerErrorCode: AccessDenied`,
      'AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a',
      'AAEAAbCdEf0123PageToken',
    ]) {
      expect(text, kept).toContain(kept);
    }
    const stack = (decoded.calls[0]!.output as any).Stacks[0];
    expect(stack.StackId).toBe(STACK_ID.replace(ACCOUNT, masked));
    expect(Object.fromEntries(stack.Parameters.map((p: any) => [p.ParameterKey, p.ParameterValue]))).toEqual({
      PantherVersion: '1.28.7',
      OnboardSelf: 'true',
      SnowflakeKey: '****',
      CustomDomain: '<redacted>', // allow-listed, but a template declares it NoEcho
      CompanyDisplayName: '<redacted>',
      FirstUserEmail: '<redacted>',
    });
    expect(stack.Tags[0]).toEqual({Key: 'PantherVersion', Value: '1.28.7'});
    // The templates still parse, the YAML one as YAML with its intrinsics.
    const json = JSON.parse((decoded.calls[2]!.output as any).TemplateBody);
    expect(json.Parameters.PantherVersion.Default).toBe('1.28.7');
    expect(json.Parameters.SnowflakeKey).toEqual({Type: 'String', NoEcho: true, Default: '<redacted>'});
    const yaml = parseCfnYaml((decoded.calls[3]!.output as any).TemplateBody);
    expect(yaml).not.toBeNull();
    expect(yaml!.toJS().Parameters.OnboardSelf.Default).toBe('true');
    expect(yaml!.toJS().Parameters.CustomDomain.Default).toBe('<redacted>');
    // CloudTrail records stay JSON; the caller's ARN keeps its shape, one mask for the one person.
    const callers = new Set<string>();
    for (const e of (decoded.calls[5]!.output as any).Events) {
      const record = JSON.parse(e.CloudTrailEvent);
      expect(record.errorCode).toBe('AccessDenied');
      callers.add(record.userIdentity.arn);
    }
    expect([...callers]).toEqual([
      expect.stringMatching(
        new RegExp(`^arn:aws:sts::${masked}:assumed-role/AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a/user-[12]@example\\.invalid$`),
      ),
    ]);
    expect(decoded.redaction).toMatchObject({maskAccount, emails: 2, accounts: maskAccount ? 1 : 0});
    expect(decoded.redaction.noEcho).toBeGreaterThan(0);
    expect(decoded.redaction.parameters).toBeGreaterThan(0);
    expect(decoded.redaction.secrets).toBeGreaterThan(TEXT_SECRETS.length);
  });
});
