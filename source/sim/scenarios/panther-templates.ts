// Panther's published templates, per version, as the `upgrade` scenario's S3 serves them: the root template
// (`panther-enterprise-<region>/v<V>/panther.yml`) and the deployment role's
// (`panther-public-cloudformation-templates/panther-deployment-role/v<V>/template.yml`). Any x.y.z version exists.
// The root's parameters change with the version (PythonLayerVersionArn dropped in 1.25, ConsoleSessionTimeoutMinutes
// added in 1.26, ProcessedDataKmsKeyArn required from 1.27), and some versions change resources of nested stacks
// (VERSION_CHANGES): what a change set going to that version shows and executing it plays.
import {compareVersions, type CatalogTemplate, type ChangeSpec, type NewStackInput, type NewStackTree, type TemplateCatalog} from '../changesets.js';
import {validation} from '../errors.js';
import type {TemplateDoc, TemplateParameter, TemplateResource, WorldStack} from '../world.js';

export const pantherRootUrl = (region: string, version: string) => `https://panther-enterprise-${region}.s3.amazonaws.com/v${version}/panther.yml`;
export const deploymentRoleUrl = (version: string) =>
  `https://panther-public-cloudformation-templates.s3.amazonaws.com/panther-deployment-role/v${version}/template.yml`;

const VERSION = String.raw`(\d+\.\d+\.\d+)`;
const ROOT_URL = new RegExp(String.raw`^https://panther-enterprise-([a-z]{2}(?:-[a-z]+)+-\d)\.s3\.amazonaws\.com/v${VERSION}/panther\.yml$`);
const ROLE_URL = new RegExp(
  String.raw`^https://panther-public-cloudformation-templates\.s3\.amazonaws\.com/panther-deployment-role/v${VERSION}/template\.yml$`,
);
/** An S3 object URL (virtual-hosted or path style), which CloudFormation accepts as a TemplateURL. */
const S3_URL = /^https?:\/\/([a-z0-9.-]+\.)?s3([.-][a-z0-9-]+)?\.amazonaws\.com(\.cn)?\//;

// What CloudFormation answers for a template it cannot fetch. Not an S3 URL: "TemplateURL must be a supported URL."
// (e.g. mlnrt/incident-response-and-forensic#1). An S3 object that is not there (Panther's buckets do not list, so S3
// says AccessDenied): "S3 error: Access Denied\nFor more information check ..." (e.g. awslabs/ecs-refarch-continuous-deployment#47).
export const UNSUPPORTED_URL = 'TemplateURL must be a supported URL.';
export const S3_ACCESS_DENIED =
  'S3 error: Access Denied\nFor more information check http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html';

const s = (Description: string, Default?: string): TemplateParameter => ({Type: 'String', ...(Default === undefined ? {} : {Default}), Description});

/** The root template's parameters in every version (declaration order). */
const BASE_PARAMETERS: [string, TemplateParameter][] = [
  ['FirstUserEmail', s('Email address of the first Panther administrator (receives the invitation)')],
  ['CompanyDisplayName', s('Company name shown in the Panther console', 'AwesomeCo')],
  ['OnboardSelf', s('Onboard this account as a log source and for cloud security scanning', 'true')],
  ['CustomDomain', s('Custom domain name of the Panther web application (empty: the load balancer URL)', '')],
  ['ApiCertificateArn', s('ARN of the ACM certificate for CustomDomain (us-east-1)', '')],
  ['PulumiSecretArn', s('ARN of the Secrets Manager secret holding the Pulumi state passphrase')],
  ['PulumiSecretKeyArn', s('ARN of the Secrets Manager secret holding the Pulumi secrets provider key')],
  ['SentryEnvironment', s('Sentry environment that error reports are filed under', 'prod')],
  ['SupportRoleIdentityAccountId', s('AWS account allowed to assume the Panther support role (empty: none)', '')],
  ['OpsRoleIdentityAccountId', s('AWS account allowed to assume the Panther operations role (empty: none)', '')],
  ['DataLakeForwarderMemory', s('Memory (MB) of the data lake forwarder function', '256')],
  ['LogProcessorGzipLevel', s('Gzip compression level of processed log files (1-9)', '6')],
  ['MaxLookupTableCompressedSizeMB', s('Largest compressed lookup table (MB) Panther loads', '200')],
];

/** Parameters that exist in a range of versions: [since (inclusive) | null, until (exclusive) | null]. */
const VERSIONED_PARAMETERS: {key: string; since: string | null; until: string | null; decl: TemplateParameter}[] = [
  {key: 'PythonLayerVersionArn', since: null, until: '1.25.0', decl: s('ARN of a Lambda layer with extra Python libraries (removed in 1.25)', '')},
  {key: 'ConsoleSessionTimeoutMinutes', since: '1.26.0', until: null, decl: s('Minutes of inactivity before a console session ends', '60')},
  {
    key: 'ProcessedDataKmsKeyArn',
    since: '1.27.0',
    until: null,
    decl: s('ARN of the KMS key that encrypts processed log data (required from 1.27)'),
  },
];

/** The changes going to a version makes (in the change set of the rung that crosses `since`), by nested stack. */
export const VERSION_CHANGES: {since: string; stack: string; spec: ChangeSpec}[] = [
  {since: '1.25.0', stack: 'BootstrapGateway', spec: {logicalId: 'PythonLayer', action: 'Remove'}},
  {
    since: '1.25.0',
    stack: 'Core',
    spec: {
      logicalId: 'AlertsApiFunction',
      action: 'Modify',
      replacement: 'Conditional',
      target: {name: 'FunctionName', requiresRecreation: 'Conditionally'},
    },
  },
  {
    since: '1.26.0',
    stack: 'LogAnalysis',
    spec: {logicalId: 'AlertsDedupTable', action: 'Modify', replacement: 'True', target: {name: 'KeySchema', requiresRecreation: 'Always'}},
  },
  {
    since: '1.27.0',
    stack: 'Bootstrap',
    spec: {logicalId: 'ProcessedDataBucket', action: 'Modify', replacement: 'False', target: {name: 'BucketEncryption', requiresRecreation: 'Never'}},
  },
];

const inRange = (v: string, since: string | null, until: string | null) =>
  (since === null || compareVersions(v, since) >= 0) && (until === null || compareVersions(v, until) < 0);

/** The root template's parameter declarations in a version. */
export function pantherRootParameters(version: string): Record<string, TemplateParameter> {
  const out: Record<string, TemplateParameter> = {};
  for (const [key, decl] of BASE_PARAMETERS) out[key] = {...decl};
  for (const p of VERSIONED_PARAMETERS) if (inRange(version, p.since, p.until)) out[p.key] = {...p.decl};
  return out;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export interface PantherTemplatesOptions {
  /** The deployed root template's resources (its nested stacks): every version has them, at its own URLs. */
  rootResources: Record<string, TemplateResource>;
  rootCapabilities: string[];
  roleResources: Record<string, TemplateResource>;
  roleStackId: string;
  /** What a CREATE change set from a root template builds (the `deploy` scenarios); absent: no stack can be created. */
  newStack?: (input: NewStackInput & {version: string}) => NewStackTree;
}

export class PantherTemplates implements TemplateCatalog {
  readonly newStack?: (input: NewStackInput) => NewStackTree;

  constructor(private readonly opts: PantherTemplatesOptions) {
    const create = opts.newStack;
    if (create) {
      this.newStack = input => {
        const root = ROOT_URL.exec(input.templateUrl);
        // A role template (or anything else) creates no Panther tree: the sim plays root stacks only.
        if (!root) throw validation('The simulated account creates Panther root stacks only (a panther.yml TemplateURL).');
        return create({...input, version: root[2]});
      };
    }
  }

  /** The root template (`panther.yml`) of a version. */
  root(version: string): TemplateDoc {
    const resources = clone(this.opts.rootResources);
    for (const r of Object.values(resources)) {
      const url = r.Properties?.TemplateURL;
      if (typeof url === 'string') r.Properties!.TemplateURL = url.replace(/\/v\d+\.\d+\.\d+\//, `/v${version}/`);
    }
    return {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: `Panther v${version}`,
      Parameters: pantherRootParameters(version),
      Mappings: {Constants: {Panther: {Version: `v${version}`}}},
      Resources: resources,
    };
  }

  /** The deployment role template of a version. */
  role(version: string): TemplateDoc {
    return {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: `PantherDeploymentRole v${version}: the IAM role CloudFormation assumes to deploy Panther`,
      Parameters: {},
      Resources: clone(this.opts.roleResources),
      Outputs: {
        DeploymentRoleArn: {Value: {'Fn::GetAtt': ['PantherDeploymentRole', 'Arn']}, Description: 'The role to deploy Panther with'},
      },
    };
  }

  resolve(url: string): CatalogTemplate {
    const root = ROOT_URL.exec(url);
    if (root) return {template: this.root(root[2]), version: root[2], capabilities: this.opts.rootCapabilities};
    const role = ROLE_URL.exec(url);
    if (role) return {template: this.role(role[1]), version: role[1], capabilities: ['CAPABILITY_NAMED_IAM']};
    throw validation(S3_URL.test(url) ? S3_ACCESS_DENIED : UNSUPPORTED_URL);
  }

  changes(stack: WorldStack, from: string | null, to: string | null): {specs: ChangeSpec[]; only: boolean} {
    if (stack.stackId === this.opts.roleStackId) {
      // A new role template rewrites the policies' documents; the role itself stays.
      const specs = Object.entries(this.opts.roleResources)
        .filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy')
        .map(
          ([logicalId]): ChangeSpec => ({
            logicalId,
            action: 'Modify',
            replacement: 'False',
            target: {name: 'PolicyDocument', requiresRecreation: 'Never'},
          }),
        );
      return {specs, only: true};
    }
    if (!from || !to || compareVersions(to, from) <= 0) return {specs: [], only: false};
    const crossed = VERSION_CHANGES.filter(
      c => c.stack === stack.logicalId && compareVersions(from, c.since) < 0 && compareVersions(to, c.since) >= 0,
    );
    return {specs: crossed.map(c => c.spec), only: false};
  }
}
