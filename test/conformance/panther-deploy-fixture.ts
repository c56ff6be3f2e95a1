// A Panther-shaped account on moto for a first deploy: no Panther root yet; Panther's two template buckets holding
// one version (1.27.8, from 1.22 so the panther-pulumi build follows the create) of the root template, its three
// nested templates and the PantherDeploymentRole template; the role stack deployed from its official TemplateURL (the
// role --role-arn names); the panther-pulumi CodeBuild project the template would make.
//
// The root template is the upgrade fixture's, plus the parameters a first deploy of 1.22+ is given (the Pulumi
// secrets, and ApiCertificateArn, which the template defaults to blank but the console's rules require from 1.19.5),
// so what moto cannot do stays out of it as there (MOTO-DEVIATIONS.md section C). Seeded straight into moto, not
// through the shim: the shim's log holds the console's requests only.
import {CloudFormationClient, CreateStackCommand, DescribeStacksCommand} from '@aws-sdk/client-cloudformation';
import {CodeBuildClient, CreateProjectCommand} from '@aws-sdk/client-codebuild';
import {CreateBucketCommand, PutObjectCommand, S3Client} from '@aws-sdk/client-s3';
import {
  ACCOUNT,
  ENTERPRISE_BUCKET,
  KMS_KEY_ARN,
  nestedKey,
  nestedTemplates,
  PUBLIC_BUCKET,
  PULUMI_PROJECT,
  REGION,
  ROLE_STACK,
  roleKey,
  roleTemplate,
  roleTemplateUrl,
  rootKey,
  rootTemplate,
  rootTemplateUrl,
} from './panther-upgrade-fixture.js';

export {ACCOUNT, KMS_KEY_ARN, PULUMI_PROJECT, REGION, ROLE_STACK, rootTemplateUrl};

/** The version deployed: `--version 1.27` goes to its recommended patch. */
export const DEPLOY_VERSION = '1.27.8';
export const DEPLOY_STACK = 'panther-prod';
/** What the role stack's template names its role (DeploymentRoleName's default). */
export const DEPLOYMENT_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/PantherDeploymentRole`;

const SECRET = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}`;

/** A --params file for the first deploy: every value the template has no default for, and the ones preflight requires. */
export const DEPLOY_PARAMETERS: Readonly<Record<string, string>> = {
  FirstUserEmail: 'secops@example.com',
  CompanyDisplayName: 'Acme Corp',
  PulumiSecretArn: SECRET('panther-pulumi-a1b2c3'),
  PulumiSecretKeyArn: SECRET('panther-pulumi-key-d4e5f6'),
  ApiCertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
  ProcessedDataKmsKeyArn: KMS_KEY_ARN,
};

type Json = Record<string, unknown>;

/** The upgrade fixture's root template of a version, with the first-deploy parameters of 1.22+. */
export function deployRootTemplate(v: string): Json {
  const t = rootTemplate(v);
  return {
    ...t,
    Parameters: {
      ...(t.Parameters as Json),
      PulumiSecretArn: {Type: 'String', Description: 'Secrets Manager secret holding the Pulumi state passphrase'},
      PulumiSecretKeyArn: {Type: 'String', Description: 'Secrets Manager secret holding the Pulumi state key'},
      ApiCertificateArn: {Type: 'String', Default: '', Description: 'ACM certificate (us-east-1) for api.<your Panther domain>'},
    },
  };
}

const credentials = {accessKeyId: 'x', secretAccessKey: 'x'};

/** Seeds an empty moto (straight, not through the shim): the buckets, the templates, the role stack, the project. */
export async function seedDeploy(motoEndpoint: string): Promise<{roleStackId: string}> {
  const s3 = new S3Client({region: REGION, endpoint: motoEndpoint, forcePathStyle: true, credentials, maxAttempts: 1});
  const cf = new CloudFormationClient({region: REGION, endpoint: motoEndpoint, credentials, maxAttempts: 1});
  const cb = new CodeBuildClient({region: REGION, endpoint: motoEndpoint, credentials, maxAttempts: 1});
  const text = (o: unknown) => `${JSON.stringify(o, null, 2)}\n`;
  try {
    for (const bucket of [ENTERPRISE_BUCKET, PUBLIC_BUCKET]) {
      await s3.send(new CreateBucketCommand({Bucket: bucket, CreateBucketConfiguration: {LocationConstraint: REGION}}));
    }
    const v = DEPLOY_VERSION;
    const objects = [
      {Bucket: ENTERPRISE_BUCKET, Key: rootKey(v), Body: text(deployRootTemplate(v))},
      ...Object.entries(nestedTemplates(v)).map(([file, body]) => ({Bucket: ENTERPRISE_BUCKET, Key: nestedKey(v, file), Body: text(body)})),
      {Bucket: PUBLIC_BUCKET, Key: roleKey(v), Body: text(roleTemplate(v))},
    ];
    await Promise.all(objects.map(o => s3.send(new PutObjectCommand(o))));

    const role = await cf.send(
      new CreateStackCommand({StackName: ROLE_STACK, TemplateURL: roleTemplateUrl(v), Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM']}),
    );
    await cb.send(
      new CreateProjectCommand({
        name: PULUMI_PROJECT,
        // moto refuses NO_SOURCE without a location (MOTO-DEVIATIONS.md Q9); the location is never read.
        source: {type: 'S3', location: `${ENTERPRISE_BUCKET}/pulumi/source.zip`},
        artifacts: {type: 'NO_ARTIFACTS'},
        environment: {type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL'},
        serviceRole: `arn:aws:iam::${ACCOUNT}:role/PantherPulumiRole`,
      }),
    );
    const status = (await cf.send(new DescribeStacksCommand({StackName: ROLE_STACK}))).Stacks?.[0]?.StackStatus;
    if (status !== 'CREATE_COMPLETE') throw new Error(`seeding: stack ${ROLE_STACK} is ${status}, not CREATE_COMPLETE`);
    return {roleStackId: role.StackId!};
  } finally {
    s3.destroy();
    cf.destroy();
    cb.destroy();
  }
}
