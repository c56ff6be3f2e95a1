// Finds the AWS SDK operations a source file calls (`new XxxCommand(` and `paginateXxx(`) and maps each to the IAM
// action it needs, through the file's imports from `@aws-sdk/client-*`; says which policy each production file's
// calls belong to, and compares a policy's actions with the actions of the calls it covers, both ways.
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import {iamActionFor, type PolicyKind} from '../../source/panther/iam-policy.js';

export interface SdkCall {
  file: string;
  /** `new DescribeStacksCommand(` or `paginateListStacks(` as written. */
  use: string;
  operation: string;
  sdkPackage: string | null;
  /** `cloudformation:DescribeStacks`; null when the package is unknown. */
  action: string | null;
}

export function sdkCallsIn(file: string, text: string): SdkCall[] {
  const named = new Map<string, {pkg: string; imported: string}>();
  const namespaces = new Map<string, string>();
  for (const m of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"](@aws-sdk\/client-[a-z0-9-]+)['"]/g)) {
    for (const part of m[1]!.split(',')) {
      const spec = part.trim().replace(/^type\s+/, '');
      if (!spec) continue;
      const [imported, local] = spec.split(/\s+as\s+/).map(s => s.trim());
      named.set(local ?? imported!, {pkg: m[2]!, imported: imported!});
    }
  }
  for (const m of text.matchAll(/import\s+\*\s+as\s+(\w+)\s+from\s*['"](@aws-sdk\/client-[a-z0-9-]+)['"]/g)) namespaces.set(m[1]!, m[2]!);

  const calls: SdkCall[] = [];
  const add = (use: string, local: string, ns: string | undefined, suffixOrPrefix: 'Command' | 'paginate') => {
    const info = ns ? {pkg: namespaces.get(ns) ?? null, imported: local} : (named.get(local) ?? {pkg: null, imported: local});
    const operation = suffixOrPrefix === 'Command' ? info.imported.replace(/Command$/, '') : info.imported.replace(/^paginate/, '');
    calls.push({file, use, operation, sdkPackage: info.pkg, action: info.pkg ? iamActionFor(info.pkg, operation) : null});
  };
  for (const m of text.matchAll(/new\s+(?:(\w+)\.)?(\w+Command)\s*\(/g)) add(m[0], m[2]!, m[1], 'Command');
  // Commands imported under another name: `import {DeleteBucketCommand as Drop}` ... `new Drop(`.
  for (const [local, info] of named) {
    if (local === info.imported || !info.imported.endsWith('Command')) continue;
    for (const m of text.matchAll(new RegExp(String.raw`new\s+${local}\s*\(`, 'g'))) add(m[0], local, undefined, 'Command');
  }
  for (const m of text.matchAll(/(?<![\w.])(?:(\w+)\.)?(paginate[A-Z]\w*)\s*\(/g)) add(m[0], m[2]!, m[1], 'paginate');
  return calls;
}

export function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

export function sdkCallsUnder(dir: string, root: string): SdkCall[] {
  return tsFiles(dir).flatMap(path => sdkCallsIn(relative(root, path), readFileSync(path, 'utf8')));
}

/** source/sim is the simulated account (a server the SDK talks to), not production: its code never reaches AWS. */
export const NOT_PRODUCTION = ['source/sim/'];

/** Every production source file (path relative to root, `/`-separated) and its text. */
export function productionFiles(root: string): {file: string; text: string}[] {
  return tsFiles(join(root, 'source'))
    .map(path => ({file: relative(root, path).split('\\').join('/'), path}))
    .filter(f => !NOT_PRODUCTION.some(dir => f.file.startsWith(dir)))
    .map(f => ({file: f.file, text: readFileSync(f.path, 'utf8')}));
}

/** Every SDK call of the production code. */
export function productionCalls(root: string): SdkCall[] {
  return productionFiles(root).flatMap(f => sdkCallsIn(f.file, f.text));
}

/**
 * Which policy grants each production file's SDK calls. Every file that makes one must be listed (a test fails
 * otherwise), so a new call is put in a policy on purpose.
 */
export const POLICY_OF_FILE: Readonly<Record<string, PolicyKind | readonly PolicyKind[]>> = {
  // watch, postmortem, bundle, and every command's reads of stacks, events, templates and CloudTrail.
  'source/aws/gateway.ts': 'readonly',
  // ladder / upgrade (dry run too): finding the PantherDeploymentRole stack (ListStacks).
  'source/aws/deployment-role.ts': 'readonly',
  // ladder / upgrade (dry run too): the deployed template's version (GetTemplate).
  // ladder / upgrade (dry run too): a rung's template summary (GetTemplateSummary with its TemplateURL).
  'source/aws/templates.ts': 'readonly',
  // preflight: IAM, S3 ListBuckets, Organizations, CloudTrail, ListStackResources of earlier attempts.
  'source/aws/preflight-reader.ts': 'readonly',
  // deploy (and anyone checking a role): the deployment role's trust policy (GetRole).
  'source/aws/role-trust.ts': 'readonly',
  // upgrade --execute and deploy --execute only (their sessions and drivers): a dry run never creates or lists
  // change sets. deploy passes the PantherDeploymentRole as RoleARN (iam:PassRole in the deploy policy).
  'source/aws/changesets.ts': ['upgrade', 'deploy'],
  // StartBuild: upgrade --execute and deploy --execute, and the watch console's `b` (the user needs one of them).
  'source/aws/codebuild.ts': ['upgrade', 'deploy'],
  // The panther-pulumi build's state: the watch console's check (is the deploy finished?) and every walk's follow-up.
  'source/aws/codebuild-reads.ts': 'readonly',
  // deploy --execute (a declined deploy's REVIEW_IN_PROGRESS stack) and cleanup --execute (the failed root).
  'source/aws/stack-delete.ts': 'deploy',
  // cleanup's plan: whether retained resources still exist and hold data (S3, DynamoDB, CloudWatch Logs, KMS, IAM).
  'source/aws/retained-reader.ts': 'readonly',
};

/**
 * Actions a policy grants that no single SDK call maps to, each with the reason: the allow-list of the exact
 * comparison. Empty today: every permission is 1:1 with a call. (Preflight checks retained buckets by name from
 * ListBuckets (s3:ListAllMyBuckets), not with HeadBucket, which would need s3:ListBucket; DescribeChangeSet is
 * called directly, no waiter or paginator calls it behind the scan's back.) An entry here must say which call needs
 * it and why.
 */
export const EXTRA_ACTIONS: Readonly<Record<PolicyKind, Readonly<Record<string, string>>>> = {
  readonly: {},
  upgrade: {},
  // CreateChangeSet's dependent action when the request has a RoleARN (deploy --role-arn).
  deploy: {'iam:PassRole': 'CreateChangeSet with RoleARN (deploy --role-arn): CloudFormation deploys with the role the caller passes'},
};

/** The IAM actions of the calls of the files in one policy, plus that policy's allow-listed extras. */
export function calledActions(calls: readonly SdkCall[], kind: PolicyKind): Set<string> {
  const out = new Set(Object.keys(EXTRA_ACTIONS[kind]));
  for (const c of calls) if (c.action && [POLICY_OF_FILE[c.file] ?? []].flat().includes(kind)) out.add(c.action);
  return out;
}

/** Files with SDK calls that POLICY_OF_FILE does not place in a policy. */
export function unclassifiedFiles(calls: readonly SdkCall[]): string[] {
  return [...new Set(calls.map(c => c.file))].filter(f => !(f in POLICY_OF_FILE)).sort();
}

/** What the code calls that the policy lacks, and what the policy grants that the code never calls. */
export function actionDiff(called: ReadonlySet<string>, granted: ReadonlySet<string>): {missing: string[]; extra: string[]} {
  return {
    missing: [...called].filter(a => !granted.has(a)).sort(),
    extra: [...granted].filter(a => !called.has(a)).sort(),
  };
}

/**
 * The names a file imports as values (not types) from `@aws-sdk/client-*`: the scan understands `*Client`,
 * `*Command` and `paginate*`; anything else (an aggregated client's methods, a `waitUntil*` waiter) makes calls it
 * cannot see.
 */
export function sdkValueImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"]@aws-sdk\/client-[a-z0-9-]+['"]/g)) {
    if (m[1]) continue;
    for (const part of m[2]!.split(',')) {
      const spec = part.trim();
      if (!spec || /^type\s/.test(spec)) continue;
      out.push(spec.split(/\s+as\s+/)[0]!.trim());
    }
  }
  for (const m of text.matchAll(/import\s+(?:\*\s+as\s+\w+|\w+)\s+from\s*['"]@aws-sdk\/client-[a-z0-9-]+['"]/g)) out.push(m[0]);
  return out;
}

/** `.send(` calls whose argument is not an inline `new XxxCommand(`: requests the scan cannot name. */
export function opaqueSends(text: string): string[] {
  return [...text.matchAll(/\.send\((?!\s*new\s)[^)\n]{0,40}/g)].map(m => m[0]);
}

/** Whether a file sends an SDK request with a RoleARN (the only reason a policy would need iam:PassRole). */
export function passesRoleArn(text: string): boolean {
  return /\bRoleARN\s*:/.test(text);
}

/** Whether an IAM ARN pattern (`*` any run of characters, `?` one) matches a value. */
export function iamMatches(pattern: string, value: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(value);
}

/** One line per SDK call the policies do not allow (empty when all are allowed). */
export function missingActions(calls: readonly SdkCall[], allowed: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const c of calls) {
    if (!c.action) out.push(`${c.file}: \`${c.use}\` is not imported from an @aws-sdk/client-* package: cannot tell its IAM action`);
    else if (!allowed.has(c.action))
      out.push(`${c.file}: \`${c.use}\` needs ${c.action}, which neither IAM policy allows (source/panther/iam-policy.ts)`);
  }
  return [...new Set(out)];
}
