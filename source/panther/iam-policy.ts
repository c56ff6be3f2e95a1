// The IAM policies the console needs, as data: `panther-console policy [--for upgrade|deploy]` prints them and
// docs/iam-policy-*.json hold the same documents (a test keeps them equal). test/policy proves them both ways: the
// actions of each document are exactly the IAM actions of the SDK calls the production code makes for it (nothing
// missing, nothing extra), write actions are never on Resource "*", and iam:PassRole appears only if code passes a
// RoleARN.
//
// What the Service Authorization Reference ("Actions, resources, and condition keys for AWS CloudFormation" and
// "... for AWS CodeBuild") says about the actions below, and how it shaped the resources:
// - CreateChangeSet, ExecuteChangeSet, DeleteChangeSet, DescribeChangeSet and ListChangeSets all take the STACK
//   (`arn:aws:cloudformation:<region>:<account>:stack/<name>/<id>`) as their one resource type (required). None of
//   them authorises against the `changeSet/<name>/<id>` ARN (only DescribeEvents and Tag/UntagResource list that
//   type), so a `changeSet/panther-console-*` Resource would match nothing; the change set's name is limited with
//   the `cloudformation:ChangeSetName` condition key instead, which Create/Execute/Delete/DescribeChangeSet support.
// - CreateChangeSet also supports `cloudformation:TemplateUrl` and `cloudformation:RoleArn`; its dependent actions
//   are iam:PassRole (only when the request has a RoleARN) and cloudformation:TagResource / UntagResource (only when
//   it has Tags). The console sends neither (source/aws/changesets.ts), so neither is granted: a stack that already
//   has a service role (Panther's root runs as PantherDeploymentRole) keeps using it without the caller passing it.
//   ExecuteChangeSet's dependent actions are Tag/UntagResource too, for the same tag changes the console never makes.
// - CodeBuild StartBuild, BatchGetBuilds and ListBuildsForProject take the project
//   (`arn:aws:codebuild:<region>:<account>:project/<name>`) as their required resource.
// - ListStacks, LookupEvents, ListBuckets (s3:ListAllMyBuckets), ListRoles, DescribeOrganization and
//   GetCallerIdentity have no resource type: "*" is the only Resource they can have. They are all reads.

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
 * Read-only: watch, postmortem, ladder, upgrade's dry run, preflight, bundle, deployments and cleanup's plan. Nothing
 * here changes the account. The watch console reads the panther-pulumi project's newest build (is the deploy
 * finished?); starting one is the upgrade and deploy policies' StartBuild.
 * Stack reads stay on "*": the console reads whatever root the user names (any name, deleted ones by ARN) and
 * ListStacks has no resource type. S3 is only ListBuckets (bucket names, never a key: preflight matches retained
 * buckets by name). STS GetCallerIdentity needs no permission (it cannot be denied); it is listed because the
 * console calls it.
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
      Action: ['iam:GetRole', 'iam:ListRoles', 'iam:SimulatePrincipalPolicy', 'organizations:DescribeOrganization', 's3:ListAllMyBuckets'],
      Resource: '*',
    },
    {
      // cleanup's plan: whether each resource a rollback retained still exists and holds data (S3 ListObjectVersions
      // with MaxKeys 1 needs s3:ListBucketVersions; no object is read). iam:GetRole is preflight's, above.
      Sid: 'PantherConsoleRetainedResources',
      Effect: 'Allow',
      Action: ['dynamodb:DescribeTable', 'kms:DescribeKey', 'logs:DescribeLogGroups', 's3:ListBucketVersions'],
      Resource: '*',
    },
    {
      Sid: 'PantherConsoleReadPulumiBuilds',
      Effect: 'Allow',
      Action: ['codebuild:BatchGetBuilds', 'codebuild:ListBuildsForProject'],
      // PULUMI_PROJECT of source/aws/codebuild.ts (a test keeps them equal).
      Resource: 'arn:aws:codebuild:*:*:project/panther-pulumi',
    },
  ],
};

/**
 * The stacks `upgrade --execute` changes: the Panther root and its nested stacks (`<root>-<LogicalId>-<RANDOM>`),
 * and the PantherDeploymentRole stack. With the PantherDeploymentRole the root must be named `panther-*` (the role's
 * policy only deploys such stacks; preflight checks it), and Panther's documented name for the role stack is
 * `panther-deployment-role`: both are `stack/panther-*`. The role stack's name is the user's choice, though (the
 * console finds it by what it deploys, or --role-stack): the second pattern covers a stack named after the role
 * (`PantherDeploymentRole`, `PantherDeploymentRole-us-east-1`). A root or role stack named otherwise needs its own
 * ARN added here.
 */
export const UPGRADE_STACK_ARNS: readonly string[] = [
  'arn:aws:cloudformation:*:*:stack/panther-*/*',
  'arn:aws:cloudformation:*:*:stack/*PantherDeploymentRole*/*',
];

/**
 * The names of the change sets a walk creates (CHANGE_SET_PREFIX of source/aws/changesets.ts, a test keeps them
 * equal). The console passes the change set's ARN to Execute/DeleteChangeSet: both the name and the ARN form are
 * listed so the condition holds whichever one CloudFormation puts in the key.
 */
export const CHANGE_SET_NAMES: readonly string[] = ['panther-console-*', 'arn:aws:cloudformation:*:*:changeSet/panther-console-*/*'];

/** The templates an upgrade applies (source/panther/templates.ts; a test keeps them equal). */
export const TEMPLATE_URLS: readonly string[] = [
  'https://panther-enterprise-*.s3.amazonaws.com/v*/panther.yml',
  'https://panther-public-cloudformation-templates.s3.amazonaws.com/panther-deployment-role/v*/template.yml',
];

/**
 * What `upgrade --execute` needs on top of the read-only policy: change sets on the root and the deployment role
 * stacks, and starting the panther-pulumi CodeBuild build after each rung (from 1.22; the read-only policy follows it). No iam:PassRole: the console never
 * sends a RoleARN, and CloudFormation runs a stack that has a service role (Panther's root runs as
 * PantherDeploymentRole) with that role whoever updates it. Every statement is scoped to Panther's stacks or
 * project; nothing here is on "*".
 *
 * What the stack update itself does is not in here: CloudFormation makes those calls as the stack's service role.
 * A stack without one (often the deployment role stack, deployed by an administrator) is updated with the caller's
 * own credentials, so its change set needs the caller to hold what the template changes (IAM on the role and its
 * policies for the role stack) besides this policy.
 */
export const UPGRADE_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      // Only a change set named like the console's, only from Panther's own templates (a --template-base-url mirror
      // needs its URL added to the TemplateUrl list).
      Sid: 'PantherConsoleCreateChangeSets',
      Effect: 'Allow',
      Action: ['cloudformation:CreateChangeSet'],
      Resource: [...UPGRADE_STACK_ARNS],
      Condition: {
        StringLike: {
          'cloudformation:ChangeSetName': [...CHANGE_SET_NAMES],
          'cloudformation:TemplateUrl': [...TEMPLATE_URLS],
        },
      },
    },
    {
      // Only the console's own change sets (another tool's change set on these stacks is not the console's to run).
      Sid: 'PantherConsoleExecuteChangeSets',
      Effect: 'Allow',
      Action: ['cloudformation:DeleteChangeSet', 'cloudformation:ExecuteChangeSet'],
      Resource: [...UPGRADE_STACK_ARNS],
      Condition: {StringLike: {'cloudformation:ChangeSetName': [...CHANGE_SET_NAMES]}},
    },
    {
      // Reads, without a name condition: the review reads every nested change set, which CloudFormation names itself.
      Sid: 'PantherConsoleReadChangeSets',
      Effect: 'Allow',
      Action: ['cloudformation:DescribeChangeSet', 'cloudformation:ListChangeSets'],
      Resource: [...UPGRADE_STACK_ARNS],
    },
    {
      // Following it is the read-only policy's BatchGetBuilds.
      Sid: 'PantherConsolePulumiBuild',
      Effect: 'Allow',
      Action: ['codebuild:StartBuild'],
      // PULUMI_PROJECT of source/aws/codebuild.ts (a test keeps them equal).
      Resource: 'arn:aws:codebuild:*:*:project/panther-pulumi',
    },
  ],
};

/**
 * The root stacks a first deploy creates: `panther-*` only. With the PantherDeploymentRole the root must be named so
 * (its policy deploys only such stacks; `deploy` refuses another name with the role), and without it the same
 * prefix keeps this caller from creating or deleting any other stack. A root named otherwise needs its ARN here.
 */
export const DEPLOY_STACK_ARNS: readonly string[] = ['arn:aws:cloudformation:*:*:stack/panther-*/*'];

/** The role CloudFormation deploys Panther with (`--role-arn`): Panther's PantherDeploymentRole, any region suffix. */
export const DEPLOYMENT_ROLE_ARNS: readonly string[] = ['arn:aws:iam::*:role/PantherDeploymentRole*'];

/**
 * What `deploy --execute` and `cleanup --execute` need on top of the read-only policy: the CREATE change set of the
 * root (from Panther's root template only, with the PantherDeploymentRole passed to CloudFormation and to nothing
 * else), its execution, the panther-pulumi build, and DeleteStack on a `panther-*` root: the empty
 * REVIEW_IN_PROGRESS stack a declined deploy leaves, and a failed first deploy's ROLLBACK_COMPLETE root (cleanup;
 * the console refuses any other stack). What the create itself does is CloudFormation's, as the role.
 */
export const DEPLOY_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PantherConsoleCreateRootChangeSet',
      Effect: 'Allow',
      Action: ['cloudformation:CreateChangeSet'],
      Resource: [...DEPLOY_STACK_ARNS],
      Condition: {
        StringLike: {
          'cloudformation:ChangeSetName': [...CHANGE_SET_NAMES],
          'cloudformation:TemplateUrl': [TEMPLATE_URLS[0]!],
        },
      },
    },
    {
      Sid: 'PantherConsoleExecuteChangeSets',
      Effect: 'Allow',
      Action: ['cloudformation:DeleteChangeSet', 'cloudformation:ExecuteChangeSet'],
      Resource: [...DEPLOY_STACK_ARNS],
      Condition: {StringLike: {'cloudformation:ChangeSetName': [...CHANGE_SET_NAMES]}},
    },
    {
      Sid: 'PantherConsoleReadChangeSets',
      Effect: 'Allow',
      Action: ['cloudformation:DescribeChangeSet', 'cloudformation:ListChangeSets'],
      Resource: [...DEPLOY_STACK_ARNS],
    },
    {
      // A declined deploy's REVIEW_IN_PROGRESS stack; cleanup's ROLLBACK_COMPLETE root.
      Sid: 'PantherConsoleDeleteFailedRoot',
      Effect: 'Allow',
      Action: ['cloudformation:DeleteStack'],
      Resource: [...DEPLOY_STACK_ARNS],
    },
    {
      // CreateChangeSet with a RoleARN needs the caller to pass that role, to CloudFormation only.
      Sid: 'PantherConsolePassDeploymentRole',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [...DEPLOYMENT_ROLE_ARNS],
      Condition: {StringEquals: {'iam:PassedToService': 'cloudformation.amazonaws.com'}},
    },
    {
      Sid: 'PantherConsolePulumiBuild',
      Effect: 'Allow',
      Action: ['codebuild:StartBuild'],
      Resource: 'arn:aws:codebuild:*:*:project/panther-pulumi',
    },
  ],
};

export type PolicyKind = 'readonly' | 'upgrade' | 'deploy';

export const POLICIES: Record<PolicyKind, PolicyDocument> = {readonly: READ_ONLY_POLICY, upgrade: UPGRADE_POLICY, deploy: DEPLOY_POLICY};

/** The file under docs/ that holds each document. */
export const POLICY_FILES: Record<PolicyKind, string> = {
  readonly: 'docs/iam-policy-readonly.json',
  upgrade: 'docs/iam-policy-upgrade.json',
  deploy: 'docs/iam-policy-deploy.json',
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
  'client-cloudwatch-logs': 'logs',
  'client-route-53': 'route53',
  'client-service-quotas': 'servicequotas',
  'client-secrets-manager': 'secretsmanager',
  'client-sso-oidc': 'sso-oauth',
};

/** Operations whose IAM action has another name than the API operation. */
const ACTION_ALIASES: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:ListObjectVersions': 's3:ListBucketVersions',
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
