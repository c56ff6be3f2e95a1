// YAML templates in a bundle: read as YAML (CloudFormation's short forms included), NoEcho parameters found in
// every shape, their defaults redacted in place, the template still valid YAML with the rest of its text kept.
import {describe, expect, it} from 'vitest';
import {redactJson} from '../../source/report/redact.js';
import {CFN_INTRINSICS, parseCfnYaml, yamlNoEchoKeys, yamlParameters} from '../../source/report/redact-yaml.js';

const INTRINSICS_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Condition IsProd, !Condition NotProd]]
Mappings:
  Sizes: {prod: {Memory: 1024}}
Transform: AWS::Serverless-2016-10-31
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "\${AWS::StackName}-logs"
      Tags:
        - Key: Az
          Value: !Select [0, !GetAZs ""]
        - Key: Subnets
          Value: !Join [",", !Cidr [!GetAtt Vpc.CidrBlock, 3, 8]]
        - Key: Parts
          Value: !Select [1, !Split ["-", !Ref AWS::StackName]]
        - Key: Memory
          Value: !FindInMap [Sizes, !Ref Env, Memory]
        - Key: Imported
          Value: !ImportValue {"Fn::Sub": "\${Env}-export"}
        - Key: Conditional
          Value: !If
            - IsProd
            - !Base64 "prod"
            - !Ref AWS::NoValue
      Mapped: !Transform {Name: AWS::Include, Parameters: {Location: s3://bucket/snippet.yml}}
      Long: !Sub
        - "\${A}-\${B}"
        - A: !GetAtt [Vpc, CidrBlock]
          B: !Ref Env
Outputs:
  Name:
    Value: !GetAtt Bucket.Arn
`;

/** Every shape a NoEcho parameter and its default can take in YAML. */
const SHAPES_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
# The shapes adversarial templates use.
Parameters:
  BlockLiteral:
    Type: String
    NoEcho: true
    Default: |
      block-literal-secret-1
      block-literal-secret-2
  BlockFolded:
    Type: String
    NoEcho: 'true'
    Default: >-
      folded-secret-value
  FlowStyle: {Type: String, NoEcho: true, Default: flow-style-secret}
  DoubleQuoted:
    Type: String
    NoEcho: "True"
    Default: "double \\"quoted\\" secret"
  SingleQuoted:
    NoEcho: true
    Type: String
    Default: 'single ''quoted'' secret'
  Anchored:
    Type: String
    NoEcho: true
    Default: &pw anchored-secret-value
  "QuotedName":
    Type: String
    NoEcho: true
    Default: quoted-name-secret
  CustomDomain: {Type: String, NoEcho: true, Default: allowed-but-noecho.example.com}
  TokenType:
    Type: String
    Default: Bearer
  PantherVersion:
    Type: String
    Default: 1.28.7
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUsername: admin
      MasterUserPassword: !Ref BlockLiteral
      Other: *pw
Outputs:
  Version:
    Value: !Ref PantherVersion
`;

const SHAPE_SECRETS = [
  'block-literal-secret-1',
  'block-literal-secret-2',
  'folded-secret-value',
  'flow-style-secret',
  'quoted',
  'anchored-secret-value',
  'quoted-name-secret',
  'allowed-but-noecho.example.com',
];

function redactTemplate(body: string): string {
  const {value} = redactJson({calls: [{operation: 'GetTemplate', output: {TemplateBody: body}}]});
  return value.calls[0]!.output.TemplateBody;
}

describe('YAML templates', () => {
  it('parse with every short-form intrinsic, in scalar, sequence and mapping form', () => {
    const doc = parseCfnYaml(INTRINSICS_TEMPLATE);
    expect(doc).not.toBeNull();
    expect(doc!.warnings).toEqual([]);
    const text = INTRINSICS_TEMPLATE;
    for (const name of [
      'Ref',
      'Sub',
      'GetAtt',
      'If',
      'Equals',
      'Join',
      'Select',
      'Split',
      'FindInMap',
      'ImportValue',
      'Base64',
      'Cidr',
      'GetAZs',
      'Not',
      'And',
      'Or',
      'Condition',
      'Transform',
    ]) {
      expect(CFN_INTRINSICS).toContain(name);
      expect(text).toMatch(new RegExp(`!${name}\\b`));
    }
  });

  it('find NoEcho parameters in every shape', () => {
    expect(yamlNoEchoKeys(SHAPES_TEMPLATE).sort()).toEqual(
      ['Anchored', 'BlockFolded', 'BlockLiteral', 'CustomDomain', 'DoubleQuoted', 'FlowStyle', 'QuotedName', 'SingleQuoted'].sort(),
    );
  });

  it('redact NoEcho defaults in every shape, allow-listed or not, and stay valid YAML with the rest kept', () => {
    const out = redactTemplate(SHAPES_TEMPLATE);
    for (const secret of SHAPE_SECRETS) expect(out).not.toContain(secret);
    const doc = parseCfnYaml(out);
    expect(doc).not.toBeNull();
    const js = doc!.toJS();
    const defaults = Object.fromEntries(yamlParameters(doc!).map(p => [p.name, js.Parameters[p.name].Default]));
    expect(defaults).toMatchObject({
      BlockLiteral: '<redacted>',
      BlockFolded: '<redacted>',
      FlowStyle: '<redacted>',
      DoubleQuoted: '<redacted>',
      SingleQuoted: '<redacted>',
      Anchored: '<redacted>',
      QuotedName: '<redacted>',
      CustomDomain: '<redacted>',
      PantherVersion: '1.28.7', // allow-listed, not NoEcho: kept
    });
    // The alias follows its anchor.
    expect(js.Resources.Db.Properties.Other).toBe('<redacted>');
    // The rest of the text as it was: comments, declarations, intrinsics.
    for (const line of [
      '# The shapes adversarial templates use.',
      '    Type: String',
      '    NoEcho: true',
      "    NoEcho: 'true'",
      '  TokenType:',
      '      MasterUserPassword: !Ref BlockLiteral',
      '    Value: !Ref PantherVersion',
      '      MasterUsername: admin',
    ]) {
      expect(out).toContain(line);
    }
    expect(out).toContain("  FlowStyle: {Type: String, NoEcho: true, Default: '<redacted>'}");
  });

  it('never turns `Type: String` into `<redacted> String` (secret-named parameters, TokenType)', () => {
    const body =
      'Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n  ApiToken:\n    Type: String\n  TokenType:\n    Type: String\n    Default: Bearer\nResources: {}\n';
    const out = redactTemplate(body);
    expect(out.match(/ Type: String/g)).toHaveLength(3);
    expect(out).toContain('    NoEcho: true');
    expect(out).not.toMatch(/<redacted> String/);
  });

  it('redact secret-named literals and secret-named tags in resources, not references', () => {
    const body = `Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUserPassword: |
        literal-multiline-db-password
      ReplicaPassword: !Ref DbPassword
      Secret: '{{resolve:secretsmanager:prod/db:SecretString:password}}'
      Tags:
        - {Key: ApiToken, Value: tag-token-literal-123}
        - Key: Team
          Value: platform-team
Mappings:
  Keys: {prod: {ApiKey: mapping-api-key-literal}}
`;
    const out = redactTemplate(body);
    for (const secret of ['literal-multiline-db-password', 'tag-token-literal-123', 'mapping-api-key-literal']) expect(out).not.toContain(secret);
    expect(out).toContain('ReplicaPassword: !Ref DbPassword');
    expect(out).toContain('{{resolve:secretsmanager:prod/db:SecretString:password}}');
    expect(out).toContain('platform-team');
    expect(parseCfnYaml(out)).not.toBeNull();
  });

  it('redact a NoEcho default found in YAML wherever its value reappears', () => {
    const input = {
      calls: [
        {output: {TemplateBody: 'Parameters:\n  Key: {Type: String, NoEcho: true, Default: flow-noecho-reappears}\n'}},
        {
          output: {
            Stacks: [
              {
                Outputs: [{OutputKey: 'Echo', OutputValue: 'value flow-noecho-reappears here'}],
                Tags: [{Key: 'Note', Value: 'flow-noecho-reappears'}],
              },
            ],
          },
        },
        {output: {StackEvents: [{ResourceStatusReason: 'bad value: flow-noecho-reappears'}]}},
      ],
    };
    expect(JSON.stringify(redactJson(input).value)).not.toContain('flow-noecho-reappears');
  });

  it('fall back to the line-based pass when yaml cannot parse the template (block scalar included)', () => {
    const body =
      'Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n    Default: |\n      unparsed-block-secret\n  Other:\n    Default: unparsed-plain-secret\nResources: [unclosed\n';
    expect(parseCfnYaml(body)).toBeNull();
    const out = redactTemplate(body);
    expect(out).not.toContain('unparsed-block-secret');
    expect(out).not.toContain('unparsed-plain-secret');
    expect(out).toContain('    Type: String');
  });
});
