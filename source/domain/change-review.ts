// The review of a change set, resource by resource: every change of the stack and of each nested change set
// (IncludeNestedStacks), grouped by stack, with what drives a replacement, and the dangerous ones called out. A
// replacement or removal of a resource that holds data (a table, a bucket, a key, a user pool...) loses that data
// or cuts what depends on it: it is DANGER, and executing it takes one more typed word (or --allow-replacement).
// Pure: the aws layer reads the change sets, the walk and the screens show the review.

export interface ChangeDetailInput {
  /** Properties, Metadata, Tags, ... */
  attribute: string;
  /** The property changed (Target.Name). */
  name: string;
  /** Never, Conditionally, Always. */
  requiresRecreation: string;
}

export interface ResourceChangeInput {
  /** Add, Modify, Remove, Import, Dynamic. */
  action: string;
  logicalId: string;
  physicalId: string;
  resourceType: string;
  /** True, False, Conditional; '' for Add and Remove. */
  replacement: string;
  details: readonly ChangeDetailInput[];
  /** Delete, Retain, Snapshot, ReplaceAndDelete, ReplaceAndRetain, ReplaceAndSnapshot; '' when not given. */
  policyAction: string;
  /** A nested stack's own change set (IncludeNestedStacks); null otherwise. */
  nestedChangeSetId: string | null;
}

/** One change set as read: its stack (a path of logical ids below the top stack) and its changes. */
export interface ChangeSetInput {
  /** '' for the top stack, `Core` or `BootstrapGateway/PantherAthenaDDBConnector` for nested ones. */
  path: string;
  stackName: string;
  changes: readonly ResourceChangeInput[];
}

export interface ReviewedChange {
  path: string;
  action: string;
  logicalId: string;
  resourceType: string;
  /** 'True', 'Conditional', 'False' or ''. */
  replacement: string;
  /** The properties whose change forces (or may force) the replacement; otherwise the properties changed. */
  drivers: string[];
  stateful: boolean;
  danger: boolean;
  /** The resource outlives the change (DeletionPolicy/UpdateReplacePolicy Retain or Snapshot). */
  kept: boolean;
  /** One line for a DANGER change: what happens to what. */
  why: string;
}

export interface ReviewCounts {
  changes: number;
  replacements: number;
  removals: number;
}

export interface ChangeReview {
  /** In the order read: the top stack first, then each nested stack depth-first. */
  groups: {path: string; stackName: string; changes: ReviewedChange[]}[];
  counts: ReviewCounts;
  dangers: ReviewedChange[];
  /** Nested change sets that could not be read (the review is incomplete: never executed without saying so). */
  unread: string[];
}

/** Resource types that hold data or identity that a replacement or removal loses (the issue's list, and kin). */
const STATEFUL: Readonly<Record<string, string>> = {
  'AWS::DynamoDB::Table': 'DynamoDB table',
  'AWS::DynamoDB::GlobalTable': 'DynamoDB global table',
  'AWS::S3::Bucket': 'S3 bucket',
  'AWS::KMS::Key': 'KMS key',
  'AWS::Cognito::UserPool': 'Cognito user pool',
  'AWS::Logs::LogGroup': 'log group',
  'AWS::Kinesis::Stream': 'Kinesis stream',
  'AWS::KinesisFirehose::DeliveryStream': 'Firehose stream',
  'AWS::SQS::Queue': 'SQS queue',
  'AWS::SecretsManager::Secret': 'secret',
  'AWS::Glue::Database': 'Glue database',
  'AWS::Glue::Table': 'Glue table',
  'AWS::Athena::WorkGroup': 'Athena workgroup',
};

const NESTED_STACK = 'AWS::CloudFormation::Stack';

export function isStatefulType(resourceType: string): boolean {
  return resourceType in STATEFUL;
}

/** What a user calls a resource type: `DynamoDB table`, or the type itself. */
export function typeNoun(resourceType: string): string {
  return STATEFUL[resourceType] ?? resourceType;
}

const KEPT_POLICIES = new Set(['Retain', 'Snapshot', 'ReplaceAndRetain', 'ReplaceAndSnapshot']);

function reviewOne(path: string, c: ResourceChangeInput): ReviewedChange {
  const forcing = c.details.filter(d => d.requiresRecreation === 'Always' || d.requiresRecreation === 'Conditionally');
  const named = (list: readonly ChangeDetailInput[]) => [...new Set(list.map(d => d.name || d.attribute).filter(Boolean))];
  const drivers = named(forcing.length > 0 ? forcing : c.details);
  const replacing = c.action === 'Modify' && (c.replacement === 'True' || c.replacement === 'Conditional');
  const removing = c.action === 'Remove';
  const nested = c.resourceType === NESTED_STACK;
  const stateful = isStatefulType(c.resourceType);
  const kept = KEPT_POLICIES.has(c.policyAction);
  const danger = (stateful && (replacing || removing)) || (nested && removing);
  let why = '';
  if (danger) {
    const what = `${typeNoun(c.resourceType)} ${c.logicalId}${c.physicalId ? ` (${c.physicalId})` : ''}`;
    if (nested) why = `removes nested stack ${c.logicalId} and every resource in it`;
    else if (removing) why = `removes ${what}${kept ? ': retained by its DeletionPolicy, no longer managed' : ': its data is deleted'}`;
    else {
      const may = c.replacement === 'Conditional' ? 'may replace' : 'replaces';
      const by = drivers.length ? ` (${drivers.join(', ')} changed)` : '';
      why = `${may} ${what}${by}: a new one is created${kept ? ' and the old one retained' : ' and the old one deleted with its data'}`;
    }
  }
  return {
    path,
    action: c.action,
    logicalId: c.logicalId,
    resourceType: c.resourceType,
    replacement: replacing ? c.replacement : '',
    drivers,
    stateful,
    danger,
    kept,
    why,
  };
}

/**
 * The review of a change set tree. A nested stack's Modify that has its own change set is a heading, not a change:
 * its resources are listed under it. Everything else counts.
 */
export function reviewChangeSets(sets: readonly ChangeSetInput[], unread: readonly string[] = []): ChangeReview {
  const groups: ChangeReview['groups'] = [];
  for (const set of sets) {
    const changes = set.changes
      .filter(c => !(c.resourceType === NESTED_STACK && c.action === 'Modify' && c.nestedChangeSetId))
      .map(c => reviewOne(set.path, c));
    groups.push({path: set.path, stackName: set.stackName, changes});
  }
  const all = groups.flatMap(g => g.changes);
  return {
    groups,
    counts: {
      changes: all.length,
      replacements: all.filter(c => c.replacement === 'True' || c.replacement === 'Conditional').length,
      removals: all.filter(c => c.action === 'Remove').length,
    },
    // Removals of data first, then replacements, then conditional ones: the worst on top.
    dangers: all.filter(c => c.danger).sort((a, b) => dangerRank(a) - dangerRank(b)),
    unread: [...unread],
  };
}

function dangerRank(c: ReviewedChange): number {
  if (c.action === 'Remove') return 0;
  return c.replacement === 'True' ? 1 : 2;
}

export function addCounts(a: ReviewCounts, b: ReviewCounts): ReviewCounts {
  return {changes: a.changes + b.changes, replacements: a.replacements + b.replacements, removals: a.removals + b.removals};
}

/** `12 changes, 1 replacement, 0 removals`; `compact` leaves out the zero counts after the first. */
export function countsLine(c: ReviewCounts, compact = false): string {
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  const parts = [n(c.changes, 'change', 'changes')];
  if (!compact || c.replacements) parts.push(n(c.replacements, 'replacement', 'replacements'));
  if (!compact || c.removals) parts.push(n(c.removals, 'removal', 'removals'));
  return parts.join(', ');
}

/** `Modify Core/AlertsApiFunction · AWS::Lambda::Function · may replace (FunctionName)`: one change on one line. */
export function changeLine(c: ReviewedChange): string {
  const where = c.path ? `${c.path}/${c.logicalId}` : c.logicalId;
  const replace = c.replacement === 'True' ? ' · REPLACEMENT' : c.replacement === 'Conditional' ? ' · may replace' : '';
  const by = c.drivers.length && (c.replacement || c.action === 'Modify') ? ` (${c.drivers.join(', ')})` : '';
  return `${c.action} ${where} · ${c.resourceType}${replace}${by}`;
}

/** `DANGER LogAnalysis/AlertsDedupTable: replaces DynamoDB table ...`. */
export function dangerLine(c: ReviewedChange): string {
  return `DANGER ${c.path ? `${c.path}/` : ''}${c.logicalId}: ${c.why}`;
}

/** A review of a stack to be created: every change adds a resource. */
export function isCreation(review: ChangeReview): boolean {
  const all = review.groups.flatMap(g => g.changes);
  return all.length > 0 && all.every(c => c.action === 'Add');
}

/** How many resources of each type the changes touch, most first (ties by type name). */
export function countByType(review: ChangeReview): [string, number][] {
  const counts = new Map<string, number>();
  for (const g of review.groups) for (const c of g.changes) counts.set(c.resourceType, (counts.get(c.resourceType) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** `44 AWS::Lambda::Function, 30 AWS::IAM::Role, ... and 12 more types`: the first `limit` types in one line. */
export function typeCountsLine(review: ChangeReview, limit = 12): string {
  const counts = countByType(review);
  const shown = counts.slice(0, limit).map(([type, n]) => `${n} ${type}`);
  const rest = counts.length - limit;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more type${rest === 1 ? '' : 's'}` : shown.join(', ');
}
