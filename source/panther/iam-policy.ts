// The IAM policies the console needs, as data: `panther-console policy [--for upgrade]` prints them and
// docs/iam-policy-*.json hold the same documents (a test keeps them equal). test/policy checks that every SDK call
// under source/aws is allowed by one of them, so a new call cannot ship without its permission.

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/**
 * Read-only: watch, postmortem, ladder, preflight and bundle. Nothing here changes the account.
 * STS GetCallerIdentity needs no permission (it cannot be denied), it is listed so the list is complete.
 */
export const READ_ONLY_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PantherConsoleReadStacks',
      Effect: 'Allow',
      Action: [
        'cloudformation:DescribeEvents',
        'cloudformation:DescribeStackEvents',
        'cloudformation:DescribeStacks',
        'cloudformation:GetTemplate',
        'cloudformation:GetTemplateSummary',
        'cloudformation:ListStackResources',
        'cloudformation:ListStacks',
      ],
      Resource: '*',
    },
    {
      Sid: 'PantherConsoleReadCloudTrail',
      Effect: 'Allow',
      Action: ['cloudtrail:LookupEvents'],
      Resource: '*',
    },
    {
      Sid: 'PantherConsoleIdentity',
      Effect: 'Allow',
      Action: ['sts:GetCallerIdentity'],
      Resource: '*',
    },
    {
      Sid: 'PantherConsolePreflight',
      Effect: 'Allow',
      Action: [
        'acm:DescribeCertificate',
        'iam:GetContextKeysForPrincipalPolicy',
        'iam:GetRole',
        'iam:ListAccountAliases',
        'iam:ListRoles',
        'iam:SimulatePrincipalPolicy',
        'lambda:GetAccountSettings',
        'organizations:DescribeOrganization',
        's3:GetBucketLocation',
        's3:ListAllMyBuckets',
        's3:ListBucket',
        'secretsmanager:DescribeSecret',
      ],
      Resource: '*',
    },
  ],
};

/**
 * What `upgrade --execute` needs on top of the read-only policy: change sets on the root and the deployment role
 * stacks, the panther-pulumi CodeBuild build after each rung (from 1.22), and passing the deployment role to
 * CloudFormation (the stacks run as PantherDeploymentRole, so the resources' own permissions are the
 * role's, not the user's).
 */
export const UPGRADE_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PantherConsoleChangeSets',
      Effect: 'Allow',
      Action: [
        'cloudformation:CreateChangeSet',
        'cloudformation:DeleteChangeSet',
        'cloudformation:DescribeChangeSet',
        'cloudformation:ExecuteChangeSet',
        'cloudformation:ListChangeSets',
      ],
      Resource: '*',
    },
    {
      Sid: 'PantherConsolePulumiBuild',
      Effect: 'Allow',
      Action: ['codebuild:BatchGetBuilds', 'codebuild:BatchGetProjects', 'codebuild:ListBuildsForProject', 'codebuild:StartBuild'],
      Resource: 'arn:aws:codebuild:*:*:project/panther-pulumi*',
    },
    {
      Sid: 'PantherConsolePassDeploymentRole',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      // The role template names it PantherDeploymentRole (its DeploymentRoleName default); regional installs add -<region>.
      Resource: 'arn:aws:iam::*:role/PantherDeploymentRole*',
      Condition: {StringEquals: {'iam:PassedToService': 'cloudformation.amazonaws.com'}},
    },
  ],
};

export type PolicyKind = 'readonly' | 'upgrade';

export const POLICIES: Record<PolicyKind, PolicyDocument> = {readonly: READ_ONLY_POLICY, upgrade: UPGRADE_POLICY};

/** The file under docs/ that holds each document. */
export const POLICY_FILES: Record<PolicyKind, string> = {
  readonly: 'docs/iam-policy-readonly.json',
  upgrade: 'docs/iam-policy-upgrade.json',
};

/** The document as printed and stored: two-space JSON and a final newline. */
export function policyJson(kind: PolicyKind): string {
  return `${JSON.stringify(POLICIES[kind], null, 2)}\n`;
}

/** Every `service:Action` a document allows. */
export function policyActions(doc: PolicyDocument): Set<string> {
  return new Set(doc.Statement.flatMap(s => s.Action));
}

/** IAM service prefixes whose SDK package name does not give them by dropping `client-` and the dashes. */
const SERVICE_PREFIX: Record<string, string> = {
  'client-route-53': 'route53',
  'client-service-quotas': 'servicequotas',
  'client-secrets-manager': 'secretsmanager',
  'client-sso-oidc': 'sso-oauth',
};

/** Operations whose IAM action has another name than the API operation. */
const ACTION_ALIASES: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:HeadBucket': 's3:ListBucket',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:ListObjects': 's3:ListBucket',
  's3:HeadObject': 's3:GetObject',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
};

/** The IAM prefix of an SDK package: `@aws-sdk/client-cloudformation` -> `cloudformation`. */
export function servicePrefix(sdkPackage: string): string | null {
  const m = /^@aws-sdk\/(client-[a-z0-9-]+)$/.exec(sdkPackage);
  if (!m) return null;
  return SERVICE_PREFIX[m[1]!] ?? m[1]!.replace(/^client-/, '').replace(/-/g, '');
}

/** The IAM action an SDK operation needs: (`@aws-sdk/client-s3`, `ListBuckets`) -> `s3:ListAllMyBuckets`. */
export function iamActionFor(sdkPackage: string, operation: string): string | null {
  const prefix = servicePrefix(sdkPackage);
  if (!prefix) return null;
  const action = `${prefix}:${operation}`;
  return ACTION_ALIASES[action] ?? action;
}
