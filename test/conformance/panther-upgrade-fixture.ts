// A Panther-shaped account on moto for the upgrade walk: Panther's two template buckets with five versions of the
// root template (three nested stacks each) and of the PantherDeploymentRole template, the role stack and the root
// stack deployed at 1.24.3 from their official TemplateURLs, the panther-pulumi CodeBuild project, and a decoy
// stack whose description speaks of the PantherDeploymentRole but deploys something else.
//
// Seeded straight into moto (not through the shim: the shim's log holds the console's requests only), with the
// real AWS SDK. What moto cannot do is kept out of the templates (REPORT.md section C): no Fn::GetAtt of a nested
// stack's outputs, nothing moto cannot update in place in a stack updated in place (the role stack varies only its
// AWS::IAM::Policy document; DynamoDB changes only inside a nested stack, which moto recreates wholesale), no
// mapping-only change that the walk's check depends on (the version is read from the template text, which is right).
import {CloudFormationClient, CreateStackCommand, DescribeStacksCommand} from '@aws-sdk/client-cloudformation';
import {CodeBuildClient, CreateProjectCommand} from '@aws-sdk/client-codebuild';
import {CreateBucketCommand, PutObjectCommand, S3Client} from '@aws-sdk/client-s3';

export const REGION = 'us-east-2';
export const ACCOUNT = '123456789012';
export const ENTERPRISE_BUCKET = `panther-enterprise-${REGION}`;
export const PUBLIC_BUCKET = 'panther-public-cloudformation-templates';
export const ROOT_STACK = 'panther-prod';
export const ROLE_STACK = 'panther-deployment-role';
export const DECOY_STACK = 'acme-reader';
export const PULUMI_PROJECT = 'panther-pulumi';
export const VERSIONS = ['1.24.3', '1.24.12', '1.25.18', '1.26.9', '1.27.8'] as const;
export type FixtureVersion = (typeof VERSIONS)[number];
export const FROM: FixtureVersion = '1.24.3';

/** The root's parameters at creation (FirstUserEmail has no default; PythonLayerVersionArn is set, then dropped). */
export const CREATED_PARAMETERS: Readonly<Record<string, string>> = {
  FirstUserEmail: 'secops@example.com',
  CompanyDisplayName: 'Acme Corp',
  PythonLayerVersionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:panther-python-libs:7`,
};
/** The value a --params file gives for 1.27.8's new parameter without a default. */
export const KMS_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0c4f3b1e-8d0a-4a6e-9a61-3f1f5c2b7d90`;

export const ROOT_CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;

const cmp = (a: string, b: string) => {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
};
const atLeast = (v: string, min: string) => cmp(v, min) >= 0;

export const rootKey = (v: string) => `v${v}/panther.yml`;
export const nestedKey = (v: string, file: string) => `v${v}/${file}`;
export const roleKey = (v: string) => `panther-deployment-role/v${v}/template.yml`;
/** The documented URL forms (virtual-hosted, no region), as the console builds them. */
export const rootTemplateUrl = (v: string) => `https://${ENTERPRISE_BUCKET}.s3.amazonaws.com/${rootKey(v)}`;
export const roleTemplateUrl = (v: string) => `https://${PUBLIC_BUCKET}.s3.amazonaws.com/${roleKey(v)}`;
const nestedUrl = (v: string, file: string) => `https://${ENTERPRISE_BUCKET}.s3.amazonaws.com/${nestedKey(v, file)}`;

const NESTED = {Bootstrap: 'bootstrap.json', Core: 'core.json', LogAnalysis: 'log_analysis.json'} as const;

type Json = Record<string, unknown>;

/** Root parameters of a version, in template order. */
function rootParameters(v: string): Json {
  const p: Json = {
    CompanyDisplayName: {Type: 'String', Default: 'AwesomeCo', Description: 'Company name displayed in Settings > General'},
    FirstUserEmail: {Type: 'String', Description: 'Initial Panther user - email address'},
    SentryEnvironment: {Type: 'String', Default: 'prod', Description: 'Sentry environment name'},
  };
  // Dropped from 1.25.18 (the deployed stack has a value for it: the walk must stop sending it there).
  if (!atLeast(v, '1.25.0')) {
    p.PythonLayerVersionArn = {
      Type: 'String',
      Default: '',
      Description:
        "Custom Python layer for analysis and remediation. Defaults to a pre-built layer with 'policyuniverse' and 'requests' pip libraries",
    };
  }
  // New in 1.26 with a default: not sent, CloudFormation applies it.
  if (atLeast(v, '1.26.0')) {
    p.ConsoleSessionTimeoutMinutes = {Type: 'String', Default: '60', Description: 'Minutes before an idle console session ends'};
  }
  // New in 1.27 without a default: a rung that needs a value from the user.
  if (atLeast(v, '1.27.0')) {
    p.ProcessedDataKmsKeyArn = {Type: 'String', Description: 'KMS key that encrypts processed log data'};
  }
  return p;
}

export function rootTemplate(v: string): Json {
  const nested = (file: string, parameters: Json): Json => ({
    Type: 'AWS::CloudFormation::Stack',
    Properties: {
      TemplateURL: nestedUrl(v, file),
      Parameters: parameters,
      // As Panther's root does; moto ignores nested stack tags (REPORT.md B.7), the console must not need them.
      Tags: [{Key: 'PantherVersion', Value: {'Fn::FindInMap': ['Constants', 'Panther', 'Version']}}],
    },
  });
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Panther v${v}`,
    Mappings: {Constants: {Panther: {Version: `v${v}`}}},
    Parameters: rootParameters(v),
    Resources: {
      Bootstrap: nested(NESTED.Bootstrap, {CompanyDisplayName: {Ref: 'CompanyDisplayName'}}),
      Core: nested(NESTED.Core, {SentryEnvironment: {Ref: 'SentryEnvironment'}}),
      LogAnalysis: nested(NESTED.LogAnalysis, {}),
    },
  };
}

/** The nested templates of a version, by file name. Cheap resources moto creates; each version changes each stack. */
export function nestedTemplates(v: string): Record<string, Json> {
  const topic = (what: string) => ({Type: 'AWS::SNS::Topic', Properties: {DisplayName: `Panther ${what} v${v}`}});
  const bootstrap: Json = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Panther bootstrap v${v}`,
    Parameters: {CompanyDisplayName: {Type: 'String'}},
    Resources: atLeast(v, '1.25.0')
      ? // 1.25: the alerts topic goes (not stateful), a dead-letter queue comes.
        {BootstrapTopic: topic('bootstrap'), DeadLetterQueue: {Type: 'AWS::SQS::Queue', Properties: {MessageRetentionPeriod: 1209600}}}
      : {BootstrapTopic: topic('bootstrap'), AlertsTopic: {Type: 'AWS::SNS::Topic', Properties: {DisplayName: 'Panther alerts'}}},
  };
  const core: Json = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Panther core v${v}`,
    Parameters: {SentryEnvironment: {Type: 'String'}},
    Resources: {
      CoreTopic: topic('core'),
      CoreQueue: {Type: 'AWS::SQS::Queue', Properties: {VisibilityTimeout: 120}},
    },
  };
  // 1.26: the dedup table's key changes from `id` to `pk`: CloudFormation replaces the table (its data is lost).
  const key = atLeast(v, '1.26.0') ? 'pk' : 'id';
  const logAnalysis: Json = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Panther log analysis v${v}`,
    Resources: {
      LogTopic: topic('log analysis'),
      AlertsDedupTable: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{AttributeName: key, AttributeType: 'S'}],
          KeySchema: [{AttributeName: key, KeyType: 'HASH'}],
        },
      },
    },
  };
  return {[NESTED.Bootstrap]: bootstrap, [NESTED.Core]: core, [NESTED.LogAnalysis]: logAnalysis};
}

/**
 * The PantherDeploymentRole template (panther-auxiliary's shape: DeploymentRole + DeploymentPolicy as an
 * AWS::IAM::Policy; parameters DeploymentRoleName, IdentityAccountId, OpsAccountId; output DeploymentRoleArn).
 * Versions differ only in the policy document, which moto updates in place.
 */
export function roleTemplate(v: string): Json {
  const stackArn = {'Fn::Sub': 'arn:${AWS::Partition}:cloudformation:*:${AWS::AccountId}:stack/panther*'};
  const statements: Json[] = [
    {
      Sid: 'PantherCloudformation',
      Effect: 'Allow',
      Action: [
        'cloudformation:CreateChangeSet',
        'cloudformation:CreateStack',
        'cloudformation:DeleteChangeSet',
        'cloudformation:DeleteStack',
        'cloudformation:DescribeStacks',
        'cloudformation:ExecuteChangeSet',
        'cloudformation:ListStackResources',
        'cloudformation:UpdateStack',
      ],
      Resource: stackArn,
    },
    {
      Sid: 'PantherCodebuild',
      Effect: 'Allow',
      Action: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild', 'codebuild:CreateProject', 'codebuild:UpdateProject'],
      Resource: {'Fn::Sub': 'arn:${AWS::Partition}:codebuild:${AWS::Region}:${AWS::AccountId}:project/panther*'},
    },
    // What each release deploys: one more statement per version, named after it.
    {Sid: `PantherRelease${v.replace(/\./g, 'x')}`, Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: '*'},
  ];
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'IAM role for deploying Panther',
    Parameters: {
      DeploymentRoleName: {
        Type: 'String',
        Default: 'PantherDeploymentRole',
        Description: 'Name of the deployment IAM role. If an empty string, the name will be autogenerated',
      },
      IdentityAccountId: {Type: 'String', Default: '', Description: 'The account ID for the account the deployment role will be assumed from'},
      OpsAccountId: {
        Type: 'String',
        Default: '',
        Description: 'The second account ID for the account the deployment role will be assumed from.  Used with new deployment tooling',
      },
    },
    Conditions: {
      IdentityAccountSpecified: {'Fn::Not': [{'Fn::Equals': [{Ref: 'IdentityAccountId'}, '']}]},
      RoleNameSpecified: {'Fn::Not': [{'Fn::Equals': [{Ref: 'DeploymentRoleName'}, '']}]},
    },
    Resources: {
      DeploymentRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: {'Fn::If': ['RoleNameSpecified', {Ref: 'DeploymentRoleName'}, {Ref: 'AWS::NoValue'}]},
          Description: 'IAM role for deploying Panther',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: {
                  AWS: {
                    'Fn::If': [
                      'IdentityAccountSpecified',
                      {'Fn::Sub': 'arn:${AWS::Partition}:iam::${IdentityAccountId}:root'},
                      {'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'},
                    ],
                  },
                },
                Action: 'sts:AssumeRole',
              },
              {Effect: 'Allow', Principal: {Service: 'cloudformation.amazonaws.com'}, Action: 'sts:AssumeRole'},
            ],
          },
          Tags: [{Key: 'panther:app', Value: 'panther'}],
        },
      },
      DeploymentPolicy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'PantherInfraManagementPolicy',
          Roles: [{Ref: 'DeploymentRole'}],
          PolicyDocument: {Version: '2012-10-17', Statement: statements},
        },
      },
    },
    Outputs: {DeploymentRoleArn: {Value: {'Fn::GetAtt': ['DeploymentRole', 'Arn']}}},
  };
}

/** The decoy: its description names the PantherDeploymentRole; it deploys a queue and an unrelated role. */
export function decoyTemplate(): Json {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Acme log reader: an SQS queue read by the PantherDeploymentRole, and a role for the reader',
    Resources: {
      ReaderQueue: {Type: 'AWS::SQS::Queue'},
      ReaderRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'acme-reader',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{Effect: 'Allow', Principal: {Service: 'lambda.amazonaws.com'}, Action: 'sts:AssumeRole'}],
          },
        },
      },
    },
  };
}

/** Every object of both buckets: bucket -> key -> body. */
export function templateObjects(): {bucket: string; key: string; body: string}[] {
  const out: {bucket: string; key: string; body: string}[] = [];
  const text = (o: unknown) => `${JSON.stringify(o, null, 2)}\n`;
  for (const v of VERSIONS) {
    out.push({bucket: ENTERPRISE_BUCKET, key: rootKey(v), body: text(rootTemplate(v))});
    for (const [file, body] of Object.entries(nestedTemplates(v))) out.push({bucket: ENTERPRISE_BUCKET, key: nestedKey(v, file), body: text(body)});
    out.push({bucket: PUBLIC_BUCKET, key: roleKey(v), body: text(roleTemplate(v))});
  }
  return out;
}

export interface Seeded {
  rootId: string;
  roleId: string;
  decoyId: string;
}

const credentials = {accessKeyId: 'x', secretAccessKey: 'x'};

/** Resets moto (every service) to empty. */
export async function resetMoto(motoEndpoint: string): Promise<void> {
  const res = await fetch(`${motoEndpoint}/moto-api/reset`, {method: 'POST'});
  if (!res.ok) throw new Error(`moto reset answered HTTP ${res.status}`);
}

/** Seeds an empty moto (straight, not through the shim) with the account the upgrade starts from (1.24.3). */
export async function seed(motoEndpoint: string): Promise<Seeded> {
  const s3 = new S3Client({region: REGION, endpoint: motoEndpoint, forcePathStyle: true, credentials, maxAttempts: 1});
  const cf = new CloudFormationClient({region: REGION, endpoint: motoEndpoint, credentials, maxAttempts: 1});
  const cb = new CodeBuildClient({region: REGION, endpoint: motoEndpoint, credentials, maxAttempts: 1});
  try {
    for (const bucket of [ENTERPRISE_BUCKET, PUBLIC_BUCKET]) {
      await s3.send(new CreateBucketCommand({Bucket: bucket, CreateBucketConfiguration: {LocationConstraint: REGION}}));
    }
    await Promise.all(templateObjects().map(o => s3.send(new PutObjectCommand({Bucket: o.bucket, Key: o.key, Body: o.body}))));

    const role = await cf.send(
      new CreateStackCommand({StackName: ROLE_STACK, TemplateURL: roleTemplateUrl(FROM), Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM']}),
    );
    const root = await cf.send(
      new CreateStackCommand({
        StackName: ROOT_STACK,
        TemplateURL: rootTemplateUrl(FROM),
        Parameters: Object.entries(CREATED_PARAMETERS).map(([ParameterKey, ParameterValue]) => ({ParameterKey, ParameterValue})),
        Capabilities: [...ROOT_CAPABILITIES],
        // Goes stale after the first rung (change sets leave tags as they are): the console must not trust it.
        Tags: [{Key: 'PantherVersion', Value: FROM}],
      }),
    );
    const decoy = await cf.send(
      new CreateStackCommand({StackName: DECOY_STACK, TemplateBody: JSON.stringify(decoyTemplate()), Capabilities: ['CAPABILITY_NAMED_IAM']}),
    );
    await cb.send(
      new CreateProjectCommand({
        name: PULUMI_PROJECT,
        // moto refuses NO_SOURCE without a location (REPORT.md Q9); the location is never read.
        source: {type: 'S3', location: `${ENTERPRISE_BUCKET}/pulumi/source.zip`},
        artifacts: {type: 'NO_ARTIFACTS'},
        environment: {type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL'},
        serviceRole: `arn:aws:iam::${ACCOUNT}:role/PantherPulumiRole`,
      }),
    );
    for (const name of [ROLE_STACK, ROOT_STACK, DECOY_STACK]) {
      const status = (await cf.send(new DescribeStacksCommand({StackName: name}))).Stacks?.[0]?.StackStatus;
      if (status !== 'CREATE_COMPLETE') throw new Error(`seeding: stack ${name} is ${status}, not CREATE_COMPLETE`);
    }
    return {rootId: root.StackId!, roleId: role.StackId!, decoyId: decoy.StackId!};
  } finally {
    s3.destroy();
    cf.destroy();
    cb.destroy();
  }
}
