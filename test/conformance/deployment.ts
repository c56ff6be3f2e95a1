// A small Panther-shaped deployment on moto, created with the real AWS SDK (CloudFormation) and the AWS CLI (S3),
// independently of the console's own AWS layer.
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import {aws, REGION} from './aws-cli.js';

export const BUCKET = 'panther-conf-templates';
export const ROOT = 'panther-conf';
/** Deleted twice under the same name: the newest deleted one must win. Not prefixed `panther-conf-`, so name-based
 * descendant matching of the root (`<parent>-<LogicalId>-<RANDOM>`) never picks it up. */
export const DELETED = 'panther-old';
/** A stack with many events, to see how DescribeStackEvents pages. */
export const BUSY = 'panther-busy';
export const BUSY_UPDATES = 60;

const url = (key: string) => `https://${BUCKET}.s3.amazonaws.com/${key}`;
const json = (o: unknown) => JSON.stringify(o, null, 1);

/** Child templates, by S3 key. Each has its own cheap resources; BootstrapGateway has a nested child of its own. */
export const childTemplates: Record<string, unknown> = {
  'v1.0.0/bootstrap.json': {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Bootstrap',
    Parameters: {Env: {Type: 'String', Default: 'conf'}},
    Resources: {
      AlarmTopic: {Type: 'AWS::SNS::Topic'},
      VersionParam: {Type: 'AWS::SSM::Parameter', Properties: {Name: '/panther-conf/bootstrap', Type: 'String', Value: {Ref: 'Env'}}},
    },
  },
  'v1.0.0/gateway.json': {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'BootstrapGateway',
    Resources: {
      GatewayQueue: {Type: 'AWS::SQS::Queue'},
      PantherAthenaDDBConnector: {Type: 'AWS::CloudFormation::Stack', Properties: {TemplateURL: url('v1.0.0/connector.json')}},
    },
  },
  'v1.0.0/connector.json': {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'PantherAthenaDDBConnector',
    Resources: {
      ConnectorTopic: {Type: 'AWS::SNS::Topic'},
      ConnectorQueue: {Type: 'AWS::SQS::Queue'},
    },
  },
  'v1.0.0/core.json': {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Core',
    Resources: {
      CoreRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{Effect: 'Allow', Principal: {Service: 'lambda.amazonaws.com'}, Action: 'sts:AssumeRole'}],
          },
        },
      },
      CoreQueue: {Type: 'AWS::SQS::Queue'},
    },
  },
};

export function rootTemplate(marker: string): string {
  return json({
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Panther (conformance)',
    Parameters: {FirstUserEmail: {Type: 'String'}},
    Resources: {
      Bootstrap: {
        Type: 'AWS::CloudFormation::Stack',
        Properties: {TemplateURL: url('v1.0.0/bootstrap.json'), Parameters: {Env: 'conf'}},
      },
      BootstrapGateway: {Type: 'AWS::CloudFormation::Stack', Properties: {TemplateURL: url('v1.0.0/gateway.json')}},
      Core: {Type: 'AWS::CloudFormation::Stack', Properties: {TemplateURL: url('v1.0.0/core.json')}},
      Marker: {Type: 'AWS::SSM::Parameter', Properties: {Name: '/panther-conf/marker', Type: 'String', Value: marker}},
    },
  });
}
/** Resources the root template declares (4: three nested stacks, one parameter). */
export const ROOT_RESOURCE_COUNT = 4;

/** One SSM parameter (moto needs an explicit Name); a new value makes an update. */
function plainTemplate(name: string, value: string): string {
  return json({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {P: {Type: 'AWS::SSM::Parameter', Properties: {Name: `/${name}/p`, Type: 'String', Value: value}}},
  });
}

export interface Deployment {
  rootId: string;
  /** Both incarnations of DELETED, oldest first. */
  deletedIds: [string, string];
  busyId: string;
}

export function sdkClient(endpoint: string): CloudFormationClient {
  return new CloudFormationClient({
    region: REGION,
    endpoint,
    credentials: {accessKeyId: 'x', secretAccessKey: 'x'},
    maxAttempts: 1,
  });
}

async function stackId(cf: CloudFormationClient, name: string): Promise<string> {
  const out = await cf.send(new DescribeStacksCommand({StackName: name}));
  return out.Stacks![0]!.StackId!;
}

export async function deploy(endpoint: string): Promise<Deployment> {
  await aws(endpoint, ['s3api', 'create-bucket', '--bucket', BUCKET, '--create-bucket-configuration', `LocationConstraint=${REGION}`]);
  // The CLI reads the body from a file; a data URL is not an option for s3api put-object.
  const {mkdtemp, writeFile, rm} = await import('node:fs/promises');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'panther-conf-'));
  try {
    await Promise.all(
      Object.entries(childTemplates).map(async ([key, body]) => {
        const file = path.join(dir, key.replace(/\//g, '_'));
        await writeFile(file, json(body));
        await aws(endpoint, ['s3api', 'put-object', '--bucket', BUCKET, '--key', key, '--body', file]);
      }),
    );
  } finally {
    await rm(dir, {recursive: true, force: true});
  }

  const cf = sdkClient(endpoint);
  try {
    const created = await cf.send(
      new CreateStackCommand({
        StackName: ROOT,
        TemplateBody: rootTemplate('v1'),
        Parameters: [{ParameterKey: 'FirstUserEmail', ParameterValue: 'ops@example.com'}],
        Tags: [
          {Key: 'Application', Value: 'Panther'},
          {Key: 'PantherVersion', Value: '1.0.0'},
        ],
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
      }),
    );
    const rootId = created.StackId!;

    const deletedIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      await cf.send(new CreateStackCommand({StackName: DELETED, TemplateBody: plainTemplate(DELETED, `old-${i}`)}));
      deletedIds.push(await stackId(cf, DELETED));
      await cf.send(new DeleteStackCommand({StackName: DELETED}));
      // CreationTime must differ for "newest wins" to mean something.
      await new Promise(r => setTimeout(r, 20));
    }

    const busy = await cf.send(new CreateStackCommand({StackName: BUSY, TemplateBody: plainTemplate(BUSY, 'busy-0')}));
    for (let i = 1; i <= BUSY_UPDATES; i++) {
      await cf.send(new UpdateStackCommand({StackName: BUSY, TemplateBody: plainTemplate(BUSY, `busy-${i}`)}));
    }
    return {rootId, deletedIds: deletedIds as [string, string], busyId: busy.StackId!};
  } finally {
    cf.destroy();
  }
}

export async function updateRoot(endpoint: string, marker: string): Promise<void> {
  const cf = sdkClient(endpoint);
  try {
    await cf.send(
      new UpdateStackCommand({
        StackName: ROOT,
        TemplateBody: rootTemplate(marker),
        Parameters: [{ParameterKey: 'FirstUserEmail', UsePreviousValue: true}],
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
      }),
    );
  } finally {
    cf.destroy();
  }
}
