// An HTTP proxy in front of moto for the conformance suites of the upgrade walk and of deploy. Two jobs:
//
// 1. It records every request in order (service, action, decoded parameters, stack and change set names, the status
//    answered), so a test can say exactly what the console sent and in which order.
// 2. Where moto 5.2.1 contradicts AWS's documented behaviour in a way the walks' correctness depends on, it restores
//    AWS's behaviour. Each restoration is its own function below, named after the behaviour it restores, with the AWS
//    document (or the issue quoting AWS's answer) it comes from. Deviations are listed in MOTO-DEVIATIONS.md (beside this file)
//    (sections A and B, Q12). Nothing here is shaped after what the console expects: when moto is right, it is left alone;
//    what a proxy cannot restore (MOTO-DEVIATIONS.md section C) is kept out of the fixtures instead.
//
// The shim reads moto through its own SDK clients, straight to moto (those calls are not recorded: the log holds the
// console's requests only). It understands the CloudFormation Query protocol and CodeBuild's JSON protocol; anything
// else is forwarded untouched.
import {randomBytes, randomUUID} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {
  CloudFormationClient,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  GetTemplateSummaryCommand,
  ListChangeSetsCommand,
  ListStackResourcesCommand,
  type Change,
  type ChangeSetSummary,
  type DescribeChangeSetOutput,
  type ResourceChange,
  type ResourceChangeDetail,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import {GetObjectCommand, S3Client} from '@aws-sdk/client-s3';

// -----------------------------------------------------------------------------------------------------------------
// The request log.

export interface RecordedRequest {
  seq: number;
  /** From the SigV4 credential scope: cloudformation, codebuild, s3, ... */
  service: string;
  /** The API action (Query `Action`, the JSON protocol's X-Amz-Target operation, or `METHOD /path` for S3). */
  action: string;
  /** Decoded: the form fields of a Query request, the JSON body of a JSON-protocol request. */
  params: Record<string, unknown>;
  stackName?: string;
  changeSetName?: string;
  /** The HTTP status the console got. */
  status: number;
  /** The error code the console got, when it got one. */
  errorCode?: string;
  errorMessage?: string;
  /** The restorations that shaped this answer (function names below). */
  restored: string[];
  /** What the answer named: a created change set's id, a started build's id. */
  result?: {changeSetId?: string; stackId?: string; buildId?: string};
}

/** The API actions that change anything in the account (the walk's only writes). */
export const WRITE_ACTIONS = new Set(['CreateChangeSet', 'ExecuteChangeSet', 'DeleteChangeSet', 'StartBuild']);

// -----------------------------------------------------------------------------------------------------------------
// What the shim remembers.

interface TemplateDoc {
  Resources?: Record<string, {Type?: string; Properties?: Record<string, unknown>; [attr: string]: unknown}>;
  [k: string]: unknown;
}

/** A change set created through the shim (moto holds it; the shim holds what moto forgets). */
interface ChangeSetMeta {
  id: string;
  name: string;
  /** CREATE makes the stack (a first deploy), UPDATE changes it. */
  type: 'CREATE' | 'UPDATE';
  stackId: string;
  stackName: string;
  includeNestedStacks: boolean;
  capabilities: string[];
  /** moto's Changes, completed (PhysicalResourceId, Replacement, Scope, Details, nested ChangeSetId). */
  changes: Change[] | null;
  /** The change set would change nothing: AWS marks it FAILED (restoreNoChangesFailure). */
  noChanges: boolean;
  /** The nested change sets synthesized below it (direct children). */
  nested: string[];
}

/** A nested change set moto never creates (MOTO-DEVIATIONS.md B.1), synthesized by the shim. */
interface NestedChangeSet {
  id: string;
  name: string;
  stackId: string;
  stackName: string;
  parentId: string;
  rootId: string;
  logicalId: string;
  creationTime: Date;
  changes: Change[];
  nested: string[];
}

export interface MotoShim {
  endpoint: string;
  motoEndpoint: string;
  /** Every request the shim answered, oldest first. */
  log: RecordedRequest[];
  /** The write requests of the log (CreateChangeSet, ExecuteChangeSet, DeleteChangeSet, StartBuild). */
  writes(): RecordedRequest[];
  /** How often each restoration changed an answer since the last reset. */
  restorations: Record<string, number>;
  /** Failures of the shim itself (never the console's): a test asserts there are none. */
  shimErrors: string[];
  /** Forgets the log and everything remembered (call with moto's own reset). */
  reset(): void;
  close(): Promise<void>;
}

// -----------------------------------------------------------------------------------------------------------------
// Wire helpers: the Query protocol's XML, both ways (only as much as CloudFormation's answers need).

const CFN_NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** An SDK-shaped value as Query-protocol XML: lists as <member>, dates ISO 8601, `$metadata` left out. */
function toXml(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return `<${name}>${value.map(v => toXml('member', v)).join('')}</${name}>`;
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !k.startsWith('$'))
      .map(([k, v]) => toXml(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function queryResult(action: string, result: Record<string, unknown>): string {
  const body = Object.entries(result)
    .filter(([k]) => !k.startsWith('$'))
    .map(([k, v]) => toXml(k, v))
    .join('');
  return `<${action}Response xmlns="${CFN_NS}"><${action}Result>${body}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
}

function queryError(code: string, message: string): string {
  return `<ErrorResponse xmlns="${CFN_NS}"><Error><Type>Sender</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}

/** The first <Tag>text</Tag> of an XML answer (moto's CreateChangeSet result, an error's Code). */
function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return m
    ? m[1]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&')
    : undefined;
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
  restored: string[];
}

class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const xmlAnswer = (action: string, result: Record<string, unknown>, restored: string[]): Answer => ({
  status: 200,
  contentType: 'text/xml',
  body: queryResult(action, result),
  restored,
});

/** Query-protocol form fields: `Parameters.member.1.ParameterKey` etc. stay flat, as sent. */
function formFields(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

/** `Prefix.member.N.Field` entries as a list of records (or of strings for `Prefix.member.N`). */
function memberList(form: Record<string, string>, prefix: string): Record<string, string>[] {
  const out = new Map<number, Record<string, string>>();
  const re = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.member\\.(\\d+)(?:\\.(.+))?$`);
  for (const [k, v] of Object.entries(form)) {
    const m = re.exec(k);
    if (!m) continue;
    const n = Number(m[1]);
    const entry = out.get(n) ?? {};
    entry[m[2] ?? ''] = v;
    out.set(n, entry);
  }
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

const isChangeSetArn = (s: string) => /^arn:aws[a-z-]*:cloudformation:[^:]+:\d+:changeSet\//.test(s);
const isStackArn = (s: string) => /^arn:aws[a-z-]*:cloudformation:[^:]+:\d+:stack\//.test(s);

/** bucket and key of a TemplateURL (virtual-hosted or path style, as moto resolves them: MOTO-DEVIATIONS.md Q1). */
function s3Location(url: string): {bucket: string; key: string} | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const path = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (/^s3[.-]/.test(u.hostname)) {
    const [bucket, ...rest] = path.split('/');
    return {bucket, key: rest.join('/')};
  }
  return {bucket: u.hostname.split('.')[0], key: path};
}

// -----------------------------------------------------------------------------------------------------------------
// Which property changes replace a resource: "Update requires: Replacement" in the AWS CloudFormation resource
// reference (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html),
// for the resource types the fixtures use (and a few kin). Any other property: Never.

const REQUIRES_RECREATION: Readonly<Record<string, Readonly<Record<string, 'Always' | 'Conditionally'>>>> = {
  // AWS::DynamoDB::Table: KeySchema, TableName, LocalSecondaryIndexes "Update requires: Replacement".
  'AWS::DynamoDB::Table': {KeySchema: 'Always', TableName: 'Always', LocalSecondaryIndexes: 'Always'},
  // AWS::S3::Bucket: BucketName "Update requires: Replacement".
  'AWS::S3::Bucket': {BucketName: 'Always'},
  // AWS::SQS::Queue: QueueName, FifoQueue "Update requires: Replacement".
  'AWS::SQS::Queue': {QueueName: 'Always', FifoQueue: 'Always'},
  // AWS::SNS::Topic: TopicName, FifoTopic "Update requires: Replacement".
  'AWS::SNS::Topic': {TopicName: 'Always', FifoTopic: 'Always'},
  // AWS::SSM::Parameter: Name "Update requires: Replacement".
  'AWS::SSM::Parameter': {Name: 'Always'},
  // AWS::IAM::Role: RoleName, Path "Update requires: Replacement".
  'AWS::IAM::Role': {RoleName: 'Always', Path: 'Always'},
  // AWS::IAM::ManagedPolicy: ManagedPolicyName, Path "Update requires: Replacement".
  'AWS::IAM::ManagedPolicy': {ManagedPolicyName: 'Always', Path: 'Always'},
  // AWS::Lambda::Function: FunctionName "Update requires: Replacement".
  'AWS::Lambda::Function': {FunctionName: 'Always'},
  // AWS::KMS::Key: KeySpec, KeyUsage "Update requires: Replacement".
  'AWS::KMS::Key': {KeySpec: 'Always', KeyUsage: 'Always'},
};

const RESOURCE_ATTRIBUTES = ['Metadata', 'CreationPolicy', 'UpdatePolicy', 'DeletionPolicy', 'UpdateReplacePolicy'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** A value CloudFormation can only know at deploy time (a Ref or an Fn:: inside it): Evaluation Dynamic. */
const isDynamic = (v: unknown): boolean =>
  Boolean(v) &&
  typeof v === 'object' &&
  (Array.isArray(v) ? v.some(isDynamic) : Object.entries(v as object).some(([k, x]) => k === 'Ref' || k.startsWith('Fn::') || isDynamic(x)));

/**
 * One resource's Modify, as AWS describes it (API_ResourceChange / API_ResourceChangeDetail; "Determining the Value of
 * the Replacement Field" in the change set samples): a Detail per changed property (Target Attribute Properties, Name,
 * RequiresRecreation), Tags as their own attribute, Replacement from the most intrusive detail (Always + Static: True;
 * Always + Dynamic or Conditionally: Conditional; else False), Scope the attributes touched.
 */
function modifyDetails(
  type: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Pick<ResourceChange, 'Replacement' | 'Scope' | 'Details'> {
  const details: ResourceChangeDetail[] = [];
  const props = {...((before.Properties as Record<string, unknown>) ?? {})};
  const nextProps = {...((after.Properties as Record<string, unknown>) ?? {})};
  const table = REQUIRES_RECREATION[type] ?? {};
  for (const name of [...new Set([...Object.keys(props), ...Object.keys(nextProps)])]) {
    if (same(props[name], nextProps[name])) continue;
    const dynamic = isDynamic(nextProps[name]);
    if (name === 'Tags') {
      details.push({
        Target: {Attribute: 'Tags', RequiresRecreation: 'Never'},
        Evaluation: dynamic ? 'Dynamic' : 'Static',
        ChangeSource: 'DirectModification',
      });
      continue;
    }
    details.push({
      Target: {Attribute: 'Properties', Name: name, RequiresRecreation: table[name] ?? 'Never'},
      Evaluation: dynamic ? 'Dynamic' : 'Static',
      ChangeSource: 'DirectModification',
    });
  }
  for (const attr of RESOURCE_ATTRIBUTES) {
    if (!same(before[attr], after[attr]))
      details.push({Target: {Attribute: attr, RequiresRecreation: 'Never'}, Evaluation: 'Static', ChangeSource: 'DirectModification'});
  }
  let replacement: 'True' | 'Conditional' | 'False' = 'False';
  for (const d of details) {
    const rr = d.Target?.RequiresRecreation;
    if (rr === 'Always' && d.Evaluation === 'Static') replacement = 'True';
    else if ((rr === 'Always' || rr === 'Conditionally') && replacement !== 'True') replacement = 'Conditional';
  }
  if (before.Type !== after.Type) replacement = 'True';
  const scope = [...new Set(details.map(d => d.Target!.Attribute!))];
  return {Replacement: replacement, Scope: scope as ResourceChange['Scope'], Details: details};
}

/** What happens to the physical resource (API_ResourceChange PolicyAction), from DeletionPolicy / UpdateReplacePolicy. */
function policyAction(resource: Record<string, unknown>, replacing: boolean): ResourceChange['PolicyAction'] {
  const policy = String((replacing ? resource.UpdateReplacePolicy : resource.DeletionPolicy) ?? 'Delete');
  if (replacing) return policy === 'Retain' ? 'ReplaceAndRetain' : policy === 'Snapshot' ? 'ReplaceAndSnapshot' : 'ReplaceAndDelete';
  return policy === 'Retain' ? 'Retain' : policy === 'Snapshot' ? 'Snapshot' : 'Delete';
}

/** The resource-level diff of two templates of one stack: Add / Remove / Modify, as a change set lists them. */
function templateDiff(before: TemplateDoc, after: TemplateDoc, physical: ReadonlyMap<string, string>): Change[] {
  const old = before.Resources ?? {};
  const next = after.Resources ?? {};
  const changes: Change[] = [];
  for (const [logicalId, r] of Object.entries(next)) {
    const was = old[logicalId];
    if (!was) {
      // The add/remove sample: Scope [] and Details [], no PhysicalResourceId for a new resource.
      changes.push({Type: 'Resource', ResourceChange: {Action: 'Add', LogicalResourceId: logicalId, ResourceType: r.Type, Scope: [], Details: []}});
      continue;
    }
    if (same(was, r)) continue;
    const modify = modifyDetails(String(r.Type), was, r);
    const replacing = modify.Replacement === 'True' || modify.Replacement === 'Conditional';
    changes.push({
      Type: 'Resource',
      ResourceChange: {
        Action: 'Modify',
        LogicalResourceId: logicalId,
        PhysicalResourceId: physical.get(logicalId),
        ResourceType: r.Type,
        ...modify,
        ...(replacing ? {PolicyAction: policyAction(r, true)} : {}),
      },
    });
  }
  for (const [logicalId, r] of Object.entries(old)) {
    if (next[logicalId]) continue;
    changes.push({
      Type: 'Resource',
      ResourceChange: {
        Action: 'Remove',
        LogicalResourceId: logicalId,
        PhysicalResourceId: physical.get(logicalId),
        ResourceType: r.Type,
        PolicyAction: policyAction(r, false),
        Scope: [],
        Details: [],
      },
    });
  }
  return changes;
}

/** `n` characters of [0-9A-Z], as AWS's nested stack names end (`panther-prod-Core-UR35KFNWN6F4`). */
function randomName(n: number): string {
  const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return Array.from(randomBytes(n), b => chars[b % chars.length]).join('');
}

// -----------------------------------------------------------------------------------------------------------------
// The shim.

const DEFAULT_REGION = 'us-east-2';
const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";

export async function startShim(motoEndpoint: string, opts: {region?: string; port?: number} = {}): Promise<MotoShim> {
  const region = opts.region ?? DEFAULT_REGION;
  const credentials = {accessKeyId: 'x', secretAccessKey: 'x'};
  const cf = new CloudFormationClient({region, endpoint: motoEndpoint, credentials, maxAttempts: 1});
  const s3 = new S3Client({region, endpoint: motoEndpoint, forcePathStyle: true, credentials, maxAttempts: 1});

  const log: RecordedRequest[] = [];
  const restorations: Record<string, number> = {};
  const shimErrors: string[] = [];
  let changeSets = new Map<string, ChangeSetMeta>();
  let nestedSets = new Map<string, NestedChangeSet>();
  /** When the stack's last update was executed (moto never sets LastUpdatedTime). */
  let executedAt = new Map<string, Date>();
  let seq = 0;

  const used = (restored: string[], name: string) => {
    restored.push(name);
    restorations[name] = (restorations[name] ?? 0) + 1;
  };

  // -- moto, read straight ---------------------------------------------------------------------------------------

  const readS3Json = async (url: string): Promise<TemplateDoc> => {
    const loc = s3Location(url);
    if (!loc) throw new Error(`not an S3 URL: ${url}`);
    const out = await s3.send(new GetObjectCommand({Bucket: loc.bucket, Key: loc.key}));
    const text = (await out.Body?.transformToString()) ?? '';
    return JSON.parse(text) as TemplateDoc;
  };
  const stackOf = async (nameOrId: string): Promise<Stack | null> => {
    try {
      return (await cf.send(new DescribeStacksCommand({StackName: nameOrId}))).Stacks?.[0] ?? null;
    } catch {
      return null;
    }
  };
  const physicalIds = async (stackId: string): Promise<Map<string, string>> => {
    const out = await cf.send(new ListStackResourcesCommand({StackName: stackId}));
    return new Map((out.StackResourceSummaries ?? []).map(r => [r.LogicalResourceId ?? '', r.PhysicalResourceId ?? '']));
  };
  const deployedTemplate = async (stackId: string): Promise<TemplateDoc> => {
    const out = await cf.send(new GetTemplateCommand({StackName: stackId, TemplateStage: 'Original'}));
    return JSON.parse(out.TemplateBody ?? '{}') as TemplateDoc;
  };
  /** moto's change sets of one stack (its ListChangeSets answers for the whole region: filtered here). */
  const motoChangeSetsOf = async (stackId: string): Promise<ChangeSetSummary[]> => {
    const out = await cf.send(new ListChangeSetsCommand({StackName: stackId}));
    return (out.Summaries ?? []).filter(s => s.StackId === stackId);
  };
  const motoChangeSet = async (id: string): Promise<DescribeChangeSetOutput | null> => {
    try {
      return await cf.send(new DescribeChangeSetCommand({ChangeSetName: id}));
    } catch {
      return null;
    }
  };

  /**
   * A change set named by the request (its ARN, or its name with StackName), as moto holds it; null when there is
   * none. moto looks names up region-wide (it ignores StackName), so a name is resolved through the stack's own list.
   */
  const resolveChangeSet = async (form: Record<string, string>): Promise<DescribeChangeSetOutput | null> => {
    const name = form.ChangeSetName ?? '';
    if (isChangeSetArn(name)) return motoChangeSet(name);
    if (!form.StackName) return motoChangeSet(name);
    const stack = await stackOf(form.StackName);
    if (!stack?.StackId) return null;
    const match = (await motoChangeSetsOf(stack.StackId)).filter(s => s.ChangeSetName === name).at(-1);
    return match?.ChangeSetId ? motoChangeSet(match.ChangeSetId) : null;
  };
  /** A synthesized nested change set named by the request (ARN, or name + the nested stack's name or ARN). */
  const resolveNested = async (form: Record<string, string>): Promise<NestedChangeSet | null> => {
    const name = form.ChangeSetName ?? '';
    if (isChangeSetArn(name)) return nestedSets.get(name) ?? null;
    if (!form.StackName) return null;
    for (const n of nestedSets.values()) if (n.name === name && (n.stackName === form.StackName || n.stackId === form.StackName)) return n;
    return null;
  };

  const forgetChangeSet = (id: string) => {
    const drop = (nestedId: string) => {
      const n = nestedSets.get(nestedId);
      nestedSets.delete(nestedId);
      n?.nested.forEach(drop);
    };
    changeSets.get(id)?.nested.forEach(drop);
    changeSets.delete(id);
  };

  // -- restorations ------------------------------------------------------------------------------------------------

  /**
   * AWS: ChangeSetNotFound (HTTP 404, "ChangeSet [<name>] does not exist") for DescribeChangeSet, ExecuteChangeSet and
   * DeleteChangeSet of a change set that is not there (botocore cloudformation service-2.json: ChangeSetNotFoundException,
   * code ChangeSetNotFound, httpStatusCode 404). moto answers ValidationError "Stack with id ... does not exist", or an
   * HTTP 500 HTML page for Execute/Delete (MOTO-DEVIATIONS.md A.1, A.2, Q7).
   */
  function restoreChangeSetNotFound(name: string): AwsError {
    return new AwsError('ChangeSetNotFound', `ChangeSet [${name}] does not exist`, 404);
  }

  /**
   * AWS: CreateChangeSet's StackName is "The name or the unique ID of the stack for which you are creating a change
   * set" (API_CreateChangeSet). moto's UPDATE looks the stack up by name only and answers ValidationError "Stack with
   * id <arn> does not exist" for its ARN (moto/cloudformation/models.py create_change_set). The request goes to moto
   * with the stack's name instead (the log keeps what the console sent).
   */
  function restoreStackIdAsStackName(form: Record<string, string>, stack: Stack | null, restored: string[]): Record<string, string> | undefined {
    if (!stack?.StackName || !isStackArn(form.StackName ?? '') || form.StackName !== stack.StackId) return undefined;
    used(restored, 'restoreStackIdAsStackName');
    return {...form, StackName: stack.StackName};
  }

  /**
   * AWS: ListChangeSets "Returns the ID and status of each active change set for a stack" (API_ListChangeSets), the
   * stack named by StackName. moto returns every change set of the region (MOTO-DEVIATIONS.md B.10). Filtered by the stack's
   * StackId here. (A stack that does not exist: ValidationError; AWS's exact wording is not verified here.)
   */
  async function restoreListChangeSetsStackFilter(stackName: string, restored: string[]): Promise<ChangeSetSummary[]> {
    const stack = await stackOf(stackName);
    if (!stack?.StackId) throw new AwsError('ValidationError', `Stack [${stackName}] does not exist`);
    const all = (await cf.send(new ListChangeSetsCommand({StackName: stackName}))).Summaries ?? [];
    const mine = all.filter(s => s.StackId === stack.StackId);
    if (mine.length !== all.length) used(restored, 'restoreListChangeSetsStackFilter');
    return mine.map(s => {
      const meta = s.ChangeSetId ? changeSets.get(s.ChangeSetId) : undefined;
      if (!meta) return s;
      return {
        ...s,
        IncludeNestedStacks: meta.includeNestedStacks,
        ...(meta.noChanges ? {Status: 'FAILED', ExecutionStatus: 'UNAVAILABLE', StatusReason: NO_CHANGES} : {}),
      } as ChangeSetSummary;
    });
  }

  /**
   * AWS: "The name must be unique among all change sets that are associated with the specified stack"
   * (API_CreateChangeSet ChangeSetName); a second one is refused with AlreadyExistsException ("The resource with the
   * name requested already exists.", service-2.json; seen as "ChangeSet X cannot be created due to a mismatch with
   * existing attribute ..." in saksdirect/nova#10). moto creates a second change set of the same name (MOTO-DEVIATIONS.md Q4g).
   */
  async function restoreChangeSetNameUniqueness(stackId: string, name: string, restored: string[]): Promise<void> {
    const taken = (await motoChangeSetsOf(stackId)).some(s => s.ChangeSetName === name);
    if (taken) {
      used(restored, 'restoreChangeSetNameUniqueness');
      throw new AwsError('AlreadyExistsException', `ChangeSet ${name} cannot be created: the resource with the name requested already exists.`);
    }
  }

  /**
   * AWS: a TemplateURL CloudFormation cannot read is a ValidationError "TemplateURL must reference a valid S3 object to
   * which you have access." moto answers HTTP 500 (a missing key) or an S3 NoSuchBucket (MOTO-DEVIATIONS.md Q1). Returns the
   * new template's summary (its declared parameters) for the parameter checks.
   */
  async function restoreTemplateUrlValidation(templateUrl: string, restored: string[]) {
    try {
      return await cf.send(new GetTemplateSummaryCommand({TemplateURL: templateUrl}));
    } catch {
      used(restored, 'restoreTemplateUrlValidation');
      throw new AwsError('ValidationError', 'TemplateURL must reference a valid S3 object to which you have access.');
    }
  }

  /**
   * AWS validates a change set's Parameters against the NEW template at CreateChangeSet (moto does not: MOTO-DEVIATIONS.md
   * B.4, Q4b-d):
   * - a key the new template does not declare: ValidationError "Parameters: [K1, K2] do not exist in the template"
   *   (remind101/empire#846, aws/aws-extensions-for-dotnet-cli#17);
   * - UsePreviousValue for a key the stack's current template does not have: ValidationError "Invalid input for
   *   parameter key K. Cannot specify usePreviousValue as true for a parameter key not in the previous template"
   *   (rackerlabs/ebs_snapper#56; moto: HTTP 500 KeyError);
   * - UsePreviousValue with a value: "Invalid input for parameter key K. Cannot specify usePreviousValue as true and
   *   non empty value for a parameter" (widdix/cfn-create-or-update#15);
   * - a declared parameter without Default, neither given nor UsePreviousValue: ValidationError "Parameters: [K] must
   *   have values" (boto/botocore#2598, sat-utils/sat-api#25; moto fails only at ExecuteChangeSet, half-applied).
   * A CREATE change set is checked the same way, against no previous template (moto checks nothing there either:
   * MOTO-DEVIATIONS.md Q12; AWS's wording for UsePreviousValue on a CREATE is not verified here).
   */
  function restoreParameterValidation(
    declared: readonly {ParameterKey?: string; DefaultValue?: string}[],
    sent: readonly Record<string, string>[],
    /** The previous template's parameter keys: none for a CREATE (there is no previous template). */
    previous: ReadonlySet<string>,
    restored: string[],
  ): void {
    const declaredKeys = new Set(declared.map(p => p.ParameterKey ?? ''));
    const fail = (message: string) => {
      used(restored, 'restoreParameterValidation');
      throw new AwsError('ValidationError', message);
    };
    const undeclared = sent.map(p => p.ParameterKey).filter(k => !declaredKeys.has(k));
    if (undeclared.length) fail(`Parameters: [${undeclared.join(', ')}] do not exist in the template`);
    for (const p of sent) {
      if (p.UsePreviousValue !== 'true') continue;
      if (!previous.has(p.ParameterKey)) {
        fail(
          `Invalid input for parameter key ${p.ParameterKey}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`,
        );
      }
      if (p.ParameterValue)
        fail(`Invalid input for parameter key ${p.ParameterKey}. Cannot specify usePreviousValue as true and non empty value for a parameter`);
    }
    const given = new Set(sent.map(p => p.ParameterKey));
    const missing = declared.filter(p => p.DefaultValue === undefined && !given.has(p.ParameterKey ?? '')).map(p => p.ParameterKey);
    if (missing.length) fail(`Parameters: [${missing.join(', ')}] must have values`);
  }

  /**
   * The parameter keys of a stack's current template: GetTemplateSummary of the stack reads its current template
   * (correct in moto, unlike DescribeStacks.Parameters, which keeps dropped keys: MOTO-DEVIATIONS.md Q2, B.6).
   */
  const previousParameterKeys = async (stackId: string): Promise<Set<string>> =>
    new Set(((await cf.send(new GetTemplateSummaryCommand({StackName: stackId}))).Parameters ?? []).map(p => p.ParameterKey ?? ''));

  /**
   * AWS: a template with IAM resources needs CAPABILITY_IAM, and one naming them (RoleName, ...) CAPABILITY_NAMED_IAM,
   * or CreateChangeSet fails with InsufficientCapabilitiesException "Requires capabilities : [CAPABILITY_NAMED_IAM]"
   * (API_CreateChangeSet Capabilities; service-2.json lists InsufficientCapabilitiesException). moto checks nothing
   * (MOTO-DEVIATIONS.md Q4h). Checked on the template's own resources (not inside nested templates).
   */
  function restoreCapabilitiesCheck(template: TemplateDoc, capabilities: readonly string[], restored: string[]): void {
    const iam = Object.values(template.Resources ?? {}).filter(r => String(r.Type).startsWith('AWS::IAM::'));
    if (iam.length === 0) return;
    const named = iam.some(r =>
      ['RoleName', 'ManagedPolicyName', 'UserName', 'GroupName', 'InstanceProfileName'].some(k => r.Properties?.[k] !== undefined),
    );
    const needed = named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM';
    const ok = named ? capabilities.includes('CAPABILITY_NAMED_IAM') : capabilities.some(c => c === 'CAPABILITY_IAM' || c === 'CAPABILITY_NAMED_IAM');
    if (!ok) {
      used(restored, 'restoreCapabilitiesCheck');
      throw new AwsError('InsufficientCapabilitiesException', `Requires capabilities : [${needed}]`);
    }
  }

  /**
   * AWS, IncludeNestedStacks=true: "CloudFormation creates a change set for each nested stack"; the root change set's
   * `Modify AWS::CloudFormation::Stack` carries the nested change set's ChangeSetId (with PhysicalResourceId, Replacement
   * False, Scope [Properties], a Dynamic/Automatic detail), and the nested change set, described on its own, has the
   * nested stack's StackId/StackName, ParentChangeSetId, RootChangeSetId, and its stack's resource-level Changes
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/change-sets-for-nested-stacks.html). moto creates
   * one flat change set (MOTO-DEVIATIONS.md B.1, B.2). Synthesized here: each nested stack's deployed template (GetTemplate)
   * against the new nested template (the TemplateURL the parent's new template gives it, read from moto's S3).
   * Also completes the root's own resource changes (PhysicalResourceId, Replacement, Scope, Details: B.2).
   */
  async function restoreNestedChangeSets(meta: ChangeSetMeta, newTemplate: TemplateDoc, restored: string[]): Promise<void> {
    const motoCs = await motoChangeSet(meta.id);
    if (!motoCs) throw new Error(`moto does not describe the change set it just created: ${meta.id}`);
    const oldTemplate = await deployedTemplate(meta.stackId);
    const physical = await physicalIds(meta.stackId);
    const arnBase = meta.id.split(':changeSet/')[0];
    const changes: Change[] = [];

    const synthesize = async (logicalId: string, physicalId: string, parentId: string, parentNewTemplate: TemplateDoc): Promise<NestedChangeSet> => {
      const stack = await stackOf(physicalId);
      if (!stack?.StackId) throw new Error(`nested stack ${logicalId} (${physicalId}) not found`);
      const url = parentNewTemplate.Resources?.[logicalId]?.Properties?.TemplateURL;
      if (typeof url !== 'string') throw new Error(`the new template's ${logicalId} has no literal TemplateURL`);
      const [before, after, nestedPhysical] = await Promise.all([deployedTemplate(stack.StackId), readS3Json(url), physicalIds(stack.StackId)]);
      const name = `${stack.StackName}-${meta.name}`.slice(0, 128);
      const nested: NestedChangeSet = {
        id: `${arnBase}:changeSet/${name}/${randomUUID()}`,
        name,
        stackId: stack.StackId,
        stackName: stack.StackName ?? physicalId,
        parentId,
        rootId: meta.id,
        logicalId,
        creationTime: new Date(),
        changes: [],
        nested: [],
      };
      for (const c of templateDiff(before, after, nestedPhysical)) {
        const rc = c.ResourceChange!;
        if (rc.ResourceType === 'AWS::CloudFormation::Stack' && rc.Action === 'Modify' && rc.PhysicalResourceId) {
          const child = await synthesize(rc.LogicalResourceId!, rc.PhysicalResourceId, nested.id, after);
          nested.nested.push(child.id);
          nested.changes.push(nestedStackChange(rc.LogicalResourceId!, child));
        } else {
          nested.changes.push(c);
        }
      }
      nestedSets.set(nested.id, nested);
      return nested;
    };

    for (const c of motoCs.Changes ?? []) {
      const rc = c.ResourceChange;
      if (!rc) {
        changes.push(c);
        continue;
      }
      const logicalId = rc.LogicalResourceId ?? '';
      if (meta.includeNestedStacks && rc.ResourceType === 'AWS::CloudFormation::Stack' && rc.Action === 'Modify') {
        const child = await synthesize(logicalId, physical.get(logicalId) ?? '', meta.id, newTemplate);
        meta.nested.push(child.id);
        changes.push(nestedStackChange(logicalId, child));
        continue;
      }
      // A root-level resource: moto gives Action, LogicalResourceId and ResourceType only.
      const before = oldTemplate.Resources?.[logicalId];
      const after = newTemplate.Resources?.[logicalId];
      if (rc.Action === 'Modify' && before && after) {
        const modify = modifyDetails(String(after.Type), before, after);
        const replacing = modify.Replacement === 'True' || modify.Replacement === 'Conditional';
        changes.push({
          ...c,
          ResourceChange: {
            ...rc,
            PhysicalResourceId: physical.get(logicalId),
            ...modify,
            ...(replacing ? {PolicyAction: policyAction(after, true)} : {}),
          },
        });
      } else if (rc.Action === 'Remove' && before) {
        changes.push({
          ...c,
          ResourceChange: {...rc, PhysicalResourceId: physical.get(logicalId), PolicyAction: policyAction(before, false), Scope: [], Details: []},
        });
      } else if (rc.Action === 'Modify' && rc.ResourceType === 'AWS::CloudFormation::Stack') {
        // Without IncludeNestedStacks: the nested stack's entry without a change set of its own.
        const {ChangeSetId: _none, ...entry} = nestedStackChange(logicalId, {id: '', stackId: physical.get(logicalId) ?? ''} as NestedChangeSet)
          .ResourceChange!;
        changes.push({...c, ResourceChange: entry});
      } else {
        changes.push({...c, ResourceChange: {...rc, Scope: [], Details: []}});
      }
    }
    meta.changes = changes;
    if (meta.nested.length) used(restored, 'restoreNestedChangeSets');
  }

  /**
   * AWS: a change set that would change nothing is created, then goes Status FAILED, ExecutionStatus UNAVAILABLE,
   * StatusReason "The submitted information didn't contain changes. Submit different information to create a change
   * set." (Kotaimen/awscfncli#20, realestate-com-au/stackup#49, aws-cloudformation/rain#94). moto does so only when the
   * resolved parameters equal those given at CreateStack, so a change set keeping every parameter with UsePreviousValue
   * is an executable empty one (MOTO-DEVIATIONS.md B.5, Q4e). Restored only where it is certain: the new template is the
   * deployed one, no parameter gets another value, and nothing was listed (by moto or in a nested change set).
   */
  async function restoreNoChangesFailure(
    meta: ChangeSetMeta,
    newTemplate: TemplateDoc,
    declared: readonly {ParameterKey?: string}[],
    sent: readonly Record<string, string>[],
    restored: string[],
  ): Promise<void> {
    if ((meta.changes ?? []).length > 0) return;
    if (!same(await deployedTemplate(meta.stackId), newTemplate)) return;
    const current = Object.fromEntries(((await stackOf(meta.stackId))?.Parameters ?? []).map(p => [p.ParameterKey ?? '', p.ParameterValue ?? '']));
    const sentKeys = new Set(sent.map(p => p.ParameterKey));
    const unchanged = sent.every(p => p.UsePreviousValue === 'true' || p.ParameterValue === current[p.ParameterKey]);
    // A declared parameter not sent takes its default: a change, unless the stack already has that key.
    const defaulted = declared.filter(d => !sentKeys.has(d.ParameterKey ?? ''));
    if (!unchanged || defaulted.some(d => !((d.ParameterKey ?? '') in current))) return;
    meta.noChanges = true;
    used(restored, 'restoreNoChangesFailure');
  }

  /**
   * AWS: a CREATE change set on a name an existing stack holds is refused: ValidationError "Stack [<name>] already exists
   * and cannot be created again with the changeSet [<change set>]." (compose-x/ecs_composex#785, as AWS answered it).
   * moto creates a second stack of that name in REVIEW_IN_PROGRESS (MOTO-DEVIATIONS.md Q12). A stack still in review
   * takes another CREATE change set on AWS; moto makes a duplicate of it too, which is not restored (the console never
   * asks).
   */
  function restoreCreateNameTaken(stackName: string, changeSetName: string, stack: Stack | null, restored: string[]): void {
    if (!stack || stack.StackStatus === 'REVIEW_IN_PROGRESS' || stack.StackStatus === 'DELETE_COMPLETE') return;
    used(restored, 'restoreCreateNameTaken');
    throw new AwsError('ValidationError', `Stack [${stackName}] already exists and cannot be created again with the changeSet [${changeSetName}].`);
  }

  /**
   * AWS, a CREATE change set with IncludeNestedStacks=true: the whole hierarchy is planned. Each nested stack's `Add
   * AWS::CloudFormation::Stack` carries the ChangeSetId of its own change set, which lists the Adds of that stack's
   * resources (API_DescribeChangeSet: "If the change set specified contains child change sets that belong to nested
   * stacks, then ChangeSetId will return information about that change set"); the nested stacks are created in
   * REVIEW_IN_PROGRESS ("Nested stacks in the REVIEW_IN_PROGRESS status will also be deleted if they were created during
   * the create-change-set action", change-sets-for-nested-stacks.html). moto gives one flat change set: the nested
   * stacks' Adds without a ChangeSetId, and no nested stack until the execution (MOTO-DEVIATIONS.md Q12). Synthesized
   * here from the templates in moto's S3, recursively; the nested stacks' ARNs are made up (AWS's naming,
   * `<parent>-<LogicalId>-<RANDOM>`): moto creates its own at the execution, under other ARNs.
   */
  async function restoreNestedCreateChangeSets(meta: ChangeSetMeta, newTemplate: TemplateDoc, restored: string[]): Promise<void> {
    if (!meta.includeNestedStacks) return;
    const motoCs = await motoChangeSet(meta.id);
    if (!motoCs) throw new Error(`moto does not describe the change set it just created: ${meta.id}`);
    const arnBase = meta.id.split(':changeSet/')[0];
    const add = (logicalId: string, type: unknown, changeSetId?: string): Change => ({
      Type: 'Resource',
      // API_ResourceChange for an Add: no PhysicalResourceId yet, Scope and Details empty.
      ResourceChange: {
        Action: 'Add',
        LogicalResourceId: logicalId,
        ResourceType: String(type),
        Scope: [],
        Details: [],
        ...(changeSetId ? {ChangeSetId: changeSetId} : {}),
      },
    });
    const nestedUrl = (template: TemplateDoc, logicalId: string) => {
      const r = template.Resources?.[logicalId];
      const url = r?.Type === 'AWS::CloudFormation::Stack' ? r.Properties?.TemplateURL : undefined;
      return typeof url === 'string' ? url : null;
    };
    const synthesize = async (logicalId: string, url: string, parentId: string, parentStackName: string): Promise<NestedChangeSet> => {
      const template = await readS3Json(url);
      const stackName = `${parentStackName}-${logicalId}-${randomName(12)}`.slice(0, 128);
      const name = `${stackName}-${meta.name}`.slice(0, 128);
      const nested: NestedChangeSet = {
        id: `${arnBase}:changeSet/${name}/${randomUUID()}`,
        name,
        stackId: `${arnBase}:stack/${stackName}/${randomUUID()}`,
        stackName,
        parentId,
        rootId: meta.id,
        logicalId,
        creationTime: new Date(),
        changes: [],
        nested: [],
      };
      for (const [childId, r] of Object.entries(template.Resources ?? {})) {
        const childUrl = nestedUrl(template, childId);
        if (!childUrl) {
          nested.changes.push(add(childId, r.Type));
          continue;
        }
        const child = await synthesize(childId, childUrl, nested.id, stackName);
        nested.nested.push(child.id);
        nested.changes.push(add(childId, r.Type, child.id));
      }
      nestedSets.set(nested.id, nested);
      return nested;
    };
    const changes: Change[] = [];
    for (const c of motoCs.Changes ?? []) {
      const rc = c.ResourceChange;
      const url = rc?.Action === 'Add' ? nestedUrl(newTemplate, rc.LogicalResourceId ?? '') : null;
      if (!rc || !url) {
        changes.push(rc ? add(rc.LogicalResourceId ?? '', rc.ResourceType) : c);
        continue;
      }
      const child = await synthesize(rc.LogicalResourceId ?? '', url, meta.id, meta.stackName);
      meta.nested.push(child.id);
      changes.push(add(rc.LogicalResourceId ?? '', rc.ResourceType, child.id));
    }
    meta.changes = changes;
    if (meta.nested.length) used(restored, 'restoreNestedCreateChangeSets');
  }

  /** The parent's entry for a nested stack with its own change set (the nested-stacks doc's example, verbatim shape). */
  function nestedStackChange(logicalId: string, child: NestedChangeSet): Change {
    return {
      Type: 'Resource',
      ResourceChange: {
        Action: 'Modify',
        LogicalResourceId: logicalId,
        PhysicalResourceId: child.stackId,
        ResourceType: 'AWS::CloudFormation::Stack',
        Replacement: 'False',
        ChangeSetId: child.id,
        Scope: ['Properties'],
        Details: [{Target: {Attribute: 'Properties', RequiresRecreation: 'Never'}, Evaluation: 'Dynamic', ChangeSource: 'Automatic'}],
      },
    };
  }

  /**
   * AWS: DescribeChangeSet echoes the request's IncludeNestedStacks ("Verifies if IncludeNestedStacks is set to True")
   * and Capabilities (API_DescribeChangeSet). moto echoes neither (MOTO-DEVIATIONS.md B.1, Q5). Also serves the completed
   * Changes of restoreNestedChangeSets.
   */
  function restoreChangeSetEchoes(out: DescribeChangeSetOutput, meta: ChangeSetMeta, restored: string[]): DescribeChangeSetOutput {
    used(restored, 'restoreChangeSetEchoes');
    return {
      ...out,
      Capabilities: meta.capabilities as DescribeChangeSetOutput['Capabilities'],
      IncludeNestedStacks: meta.includeNestedStacks,
      ...(meta.changes ? {Changes: meta.changes} : {}),
      ...(meta.noChanges ? {Status: 'FAILED', ExecutionStatus: 'UNAVAILABLE', StatusReason: NO_CHANGES, Changes: []} : {}),
    };
  }

  /**
   * A nested change set described on its own (change-sets-for-nested-stacks.html): the nested stack's StackId and
   * StackName, ParentChangeSetId and RootChangeSetId, Status following the root's, and ExecutionStatus UNAVAILABLE with
   * StatusReason "Executable from root change set" until the root is executed ("execute-change-set must be executed from
   * the root change set and will apply the change set on the whole hierarchy of stacks").
   */
  async function describeNestedChangeSet(n: NestedChangeSet, restored: string[]): Promise<DescribeChangeSetOutput> {
    const root = await motoChangeSet(n.rootId);
    if (!root) throw restoreChangeSetNotFound(n.id);
    used(restored, 'restoreNestedChangeSets');
    const executed =
      root.ExecutionStatus === 'EXECUTE_COMPLETE' || root.ExecutionStatus === 'EXECUTE_IN_PROGRESS' || root.ExecutionStatus === 'EXECUTE_FAILED';
    const meta = changeSets.get(n.rootId);
    return {
      ChangeSetName: n.name,
      ChangeSetId: n.id,
      StackId: n.stackId,
      StackName: n.stackName,
      CreationTime: n.creationTime,
      ExecutionStatus: executed ? root.ExecutionStatus : 'UNAVAILABLE',
      Status: root.Status,
      ...(executed ? {} : {StatusReason: 'Executable from root change set'}),
      NotificationARNs: [],
      Capabilities: (meta?.capabilities ?? []) as DescribeChangeSetOutput['Capabilities'],
      Tags: [],
      Changes: n.changes,
      IncludeNestedStacks: true,
      ParentChangeSetId: n.parentId,
      RootChangeSetId: n.rootId,
    };
  }

  /**
   * AWS: ExecuteChangeSet of a change set that is not AVAILABLE (already executed, failed, obsolete) is refused with
   * InvalidChangeSetStatus (HTTP 400): "ChangeSet [<arn>] cannot be executed in its current status of [<status>]"
   * (service-2.json InvalidChangeSetStatusException; saksdirect/nova#10, aws/amazon-chime-sdk-js#1089). moto executes
   * it again (MOTO-DEVIATIONS.md B.3).
   */
  function restoreExecuteOnlyAvailable(cs: DescribeChangeSetOutput, restored: string[]): void {
    if (cs.ExecutionStatus === 'AVAILABLE' && cs.Status === 'CREATE_COMPLETE') return;
    used(restored, 'restoreExecuteOnlyAvailable');
    // A FAILED change set is named by its Status, an executed one by its ExecutionStatus.
    const status = cs.Status === 'FAILED' ? 'FAILED' : cs.ExecutionStatus;
    throw new AwsError('InvalidChangeSetStatus', `ChangeSet [${cs.ChangeSetId}] cannot be executed in its current status of [${status}]`);
  }

  /**
   * AWS: "When you execute a change set, CloudFormation deletes all other change sets associated with the stack because
   * they aren't valid for the updated stack" (API_ExecuteChangeSet). moto keeps them AVAILABLE (MOTO-DEVIATIONS.md B.3).
   */
  async function restoreExecutionDeletesOtherChangeSets(stackId: string, executedId: string, restored: string[]): Promise<void> {
    const others = (await motoChangeSetsOf(stackId)).filter(s => s.ChangeSetId && s.ChangeSetId !== executedId);
    for (const s of others) {
      await cf.send(new DeleteChangeSetCommand({ChangeSetName: s.ChangeSetId}));
      forgetChangeSet(s.ChangeSetId!);
    }
    if (others.length) used(restored, 'restoreExecutionDeletesOtherChangeSets');
  }

  /**
   * AWS: DescribeStacks' Parameters are those of the stack's current template ("A list of Parameter structures", the
   * stack's input parameters: a key the executed template dropped is gone). moto keeps every key ever set (MOTO-DEVIATIONS.md
   * B.6: OldParam stayed). The current template's keys come from GetTemplateSummary on the stack (correct in moto).
   */
  async function restoreCurrentTemplateParameters(stack: Stack, restored: string[]): Promise<Stack> {
    if (!stack.Parameters?.length || stack.StackStatus === 'DELETE_COMPLETE') return stack;
    let declared: Set<string | undefined>;
    try {
      declared = new Set(((await cf.send(new GetTemplateSummaryCommand({StackName: stack.StackId}))).Parameters ?? []).map(p => p.ParameterKey));
    } catch {
      // No template to read (REVIEW_IN_PROGRESS, ...): the stack as moto has it.
      return stack;
    }
    const kept = stack.Parameters.filter(p => declared.has(p.ParameterKey));
    if (kept.length === stack.Parameters.length) return stack;
    used(restored, 'restoreCurrentTemplateParameters');
    return {...stack, Parameters: kept};
  }

  /**
   * AWS: LastUpdatedTime, "The time the stack was last updated", is set by every update (API_Stack). moto never sets it
   * (MOTO-DEVIATIONS.md B.6, Q8). The shim gives the time it saw the stack's change set executed.
   */
  function restoreLastUpdatedTime(stack: Stack, restored: string[]): Stack {
    const at = stack.StackId ? executedAt.get(stack.StackId) : undefined;
    if (!at || stack.LastUpdatedTime) return stack;
    used(restored, 'restoreLastUpdatedTime');
    return {...stack, LastUpdatedTime: at};
  }

  /**
   * AWS CodeBuild: buildComplete, "Whether the build is complete. True if complete; otherwise, false", is true once
   * buildStatus leaves IN_PROGRESS (aws-cli batch-get-builds example: SUCCEEDED with buildComplete true). moto leaves it
   * false forever (MOTO-DEVIATIONS.md A.5, Q9).
   */
  function restoreBuildComplete(answer: {builds?: {buildStatus?: string; buildComplete?: boolean}[]}, restored: string[]): void {
    for (const b of answer.builds ?? []) {
      const complete = Boolean(b.buildStatus) && b.buildStatus !== 'IN_PROGRESS';
      if (b.buildComplete !== complete) {
        b.buildComplete = complete;
        used(restored, 'restoreBuildComplete');
      }
    }
  }

  /**
   * AWS: CodeBuild speaks the awsJson1_1 protocol, whose timestamps are epoch seconds (Smithy awsJson1_1 spec:
   * "timestamps are serialized as epoch-seconds"; the aws-cli batch-get-builds example shows `"startTime":
   * 1548717536.846`). moto writes ISO 8601 strings (moto/codebuild/models.py iso_8601_datetime_with_milliseconds),
   * which the AWS SDK for JavaScript v3 refuses ("Expected real number, got implicit NaN"); botocore, and so the AWS
   * CLI, accepts both, which is why MOTO-DEVIATIONS.md does not list it. Every `*Time` field and a project's `created` /
   * `lastModified` become epoch seconds.
   */
  function restoreEpochSecondsTimestamps(value: unknown, restored: string[]): void {
    let changed = false;
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(visit);
      if (!v || typeof v !== 'object') return;
      const o = v as Record<string, unknown>;
      for (const [k, x] of Object.entries(o)) {
        if (typeof x === 'string' && (/Time$/.test(k) || k === 'created' || k === 'lastModified') && /^\d{4}-\d\d-\d\dT/.test(x)) {
          const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(x) ? x : `${x}Z`);
          if (!Number.isNaN(ms)) {
            o[k] = ms / 1000;
            changed = true;
          }
        } else {
          visit(x);
        }
      }
    };
    visit(value);
    if (changed) used(restored, 'restoreEpochSecondsTimestamps');
  }

  // -- handlers ----------------------------------------------------------------------------------------------------

  /** `raw` forwards the request to moto as sent, or with the form fields given. */
  type Handler = (form: Record<string, string>, raw: (form?: Record<string, string>) => Promise<Answer>, entry: RecordedRequest) => Promise<Answer>;

  const cfnHandlers: Record<string, Handler> = {
    async CreateChangeSet(form, raw, entry) {
      const restored = entry.restored;
      const stack = await stackOf(form.StackName ?? '');
      // API_CreateChangeSet ChangeSetType: "By default, CloudFormation specifies UPDATE."
      const type = form.ChangeSetType === 'CREATE' ? 'CREATE' : 'UPDATE';
      const templateUrl = form.TemplateURL;
      const sent = memberList(form, 'Parameters');
      const capabilities = memberList(form, 'Capabilities').map(c => c['']);
      let newTemplate: TemplateDoc | null = null;
      let declared: {ParameterKey?: string; DefaultValue?: string}[] = [];
      if (type === 'UPDATE' && stack?.StackId && templateUrl) {
        await restoreChangeSetNameUniqueness(stack.StackId, form.ChangeSetName ?? '', restored);
        const summary = await restoreTemplateUrlValidation(templateUrl, restored);
        newTemplate = await readS3Json(templateUrl);
        restoreCapabilitiesCheck(newTemplate, capabilities, restored);
        declared = summary.Parameters ?? [];
        restoreParameterValidation(declared, sent, await previousParameterKeys(stack.StackId), restored);
      }
      if (type === 'CREATE' && templateUrl) {
        restoreCreateNameTaken(form.StackName ?? '', form.ChangeSetName ?? '', stack, restored);
        const summary = await restoreTemplateUrlValidation(templateUrl, restored);
        newTemplate = await readS3Json(templateUrl);
        restoreCapabilitiesCheck(newTemplate, capabilities, restored);
        restoreParameterValidation(summary.Parameters ?? [], sent, new Set(), restored);
      }
      const answer = await raw(restoreStackIdAsStackName(form, stack, restored));
      if (answer.status !== 200) return answer;
      const id = xmlText(answer.body, 'Id') ?? '';
      const stackId = xmlText(answer.body, 'StackId') ?? stack?.StackId ?? '';
      entry.result = {changeSetId: id, stackId};
      const meta: ChangeSetMeta = {
        id,
        name: form.ChangeSetName ?? '',
        type,
        stackId,
        stackName: type === 'CREATE' ? (form.StackName ?? '') : (stack?.StackName ?? form.StackName ?? ''),
        includeNestedStacks: form.IncludeNestedStacks === 'true',
        capabilities,
        changes: null,
        noChanges: false,
        nested: [],
      };
      changeSets.set(id, meta);
      if (newTemplate) {
        try {
          if (type === 'CREATE') {
            await restoreNestedCreateChangeSets(meta, newTemplate, restored);
          } else {
            await restoreNestedChangeSets(meta, newTemplate, restored);
            await restoreNoChangesFailure(meta, newTemplate, declared, sent, restored);
          }
        } catch (error) {
          shimErrors.push(`CreateChangeSet ${meta.name}: nested change sets not synthesized: ${(error as Error).message}`);
        }
      }
      return answer;
    },

    async DescribeChangeSet(form, raw, entry) {
      const nested = await resolveNested(form);
      if (nested) return xmlAnswer('DescribeChangeSet', {...(await describeNestedChangeSet(nested, entry.restored))}, entry.restored);
      const cs = await resolveChangeSet(form);
      if (!cs) {
        used(entry.restored, 'restoreChangeSetNotFound');
        throw restoreChangeSetNotFound(form.ChangeSetName ?? '');
      }
      const meta = cs.ChangeSetId ? changeSets.get(cs.ChangeSetId) : undefined;
      if (!meta) return raw();
      return xmlAnswer('DescribeChangeSet', {...restoreChangeSetEchoes(cs, meta, entry.restored)}, entry.restored);
    },

    async ListChangeSets(form, _raw, entry) {
      const summaries = await restoreListChangeSetsStackFilter(form.StackName ?? '', entry.restored);
      return xmlAnswer('ListChangeSets', {Summaries: summaries}, entry.restored);
    },

    async ExecuteChangeSet(form, raw, entry) {
      if (await resolveNested(form)) {
        // change-sets-for-nested-stacks.html: "execute-change-set must be executed from the root change set".
        used(entry.restored, 'restoreNestedChangeSets');
        throw new AwsError('InvalidChangeSetStatus', `ChangeSet [${form.ChangeSetName}] cannot be executed in its current status of [UNAVAILABLE]`);
      }
      const cs = await resolveChangeSet(form);
      if (!cs?.ChangeSetId) {
        used(entry.restored, 'restoreChangeSetNotFound');
        throw restoreChangeSetNotFound(form.ChangeSetName ?? '');
      }
      const meta = changeSets.get(cs.ChangeSetId);
      restoreExecuteOnlyAvailable(meta?.noChanges ? {...cs, Status: 'FAILED', ExecutionStatus: 'UNAVAILABLE'} : cs, entry.restored);
      const answer = await raw();
      if (answer.status !== 200) return answer;
      // A stack created by the change set was never updated: LastUpdatedTime is an update's (restoreLastUpdatedTime).
      if (meta?.type !== 'CREATE') executedAt.set(cs.StackId ?? '', new Date());
      await restoreExecutionDeletesOtherChangeSets(cs.StackId ?? '', cs.ChangeSetId, entry.restored);
      return answer;
    },

    async DeleteChangeSet(form, raw, entry) {
      if (await resolveNested(form)) {
        // change-sets-for-nested-stacks.html: delete-change-set "must be executed from the root change set". The
        // error code and wording AWS uses here are not documented: ValidationError is an assumption.
        used(entry.restored, 'restoreNestedChangeSets');
        throw new AwsError('ValidationError', `ChangeSet [${form.ChangeSetName}] is a nested change set: delete its root change set`);
      }
      const cs = await resolveChangeSet(form);
      if (!cs?.ChangeSetId) {
        used(entry.restored, 'restoreChangeSetNotFound');
        throw restoreChangeSetNotFound(form.ChangeSetName ?? '');
      }
      const answer = await raw();
      if (answer.status === 200) forgetChangeSet(cs.ChangeSetId);
      return answer;
    },

    async DescribeStacks(form, raw, entry) {
      let out;
      try {
        out = await cf.send(new DescribeStacksCommand({StackName: form.StackName, NextToken: form.NextToken}));
      } catch {
        // moto's own error (a stack that does not exist: ValidationError, as AWS), passed through as moto sent it.
        return raw();
      }
      const stacks: Stack[] = [];
      for (const s of out.Stacks ?? [])
        stacks.push(restoreLastUpdatedTime(await restoreCurrentTemplateParameters(s, entry.restored), entry.restored));
      return xmlAnswer('DescribeStacks', {Stacks: stacks, NextToken: out.NextToken}, entry.restored);
    },
  };

  const codebuildHandlers: Record<string, Handler> = {
    async BatchGetBuilds(_form, raw, entry) {
      const answer = await raw();
      if (answer.status !== 200) return answer;
      const parsed = JSON.parse(answer.body);
      restoreEpochSecondsTimestamps(parsed, entry.restored);
      restoreBuildComplete(parsed, entry.restored);
      return {...answer, contentType: 'application/x-amz-json-1.1', body: JSON.stringify(parsed)};
    },
    async StartBuild(_form, raw, entry) {
      const answer = await raw();
      if (answer.status !== 200) return answer;
      const parsed = JSON.parse(answer.body);
      restoreEpochSecondsTimestamps(parsed, entry.restored);
      entry.result = {buildId: parsed?.build?.id};
      return {...answer, contentType: 'application/x-amz-json-1.1', body: JSON.stringify(parsed)};
    },
  };

  // -- the server --------------------------------------------------------------------------------------------------

  const forward = async (req: http.IncomingMessage, body: Buffer): Promise<Answer> => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || ['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive'].includes(k)) continue;
      headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    const res = await fetch(`${motoEndpoint}${req.url ?? '/'}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body),
    });
    const text = await res.text();
    return {status: res.status, contentType: res.headers.get('content-type') ?? 'text/xml', body: text, restored: []};
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c as Buffer));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const text = body.toString('utf8');
        const auth = String(req.headers.authorization ?? '');
        const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(auth)?.[1] ?? 'unknown';
        const target = String(req.headers['x-amz-target'] ?? '');
        const isJson = Boolean(target);
        const form = !isJson && /x-www-form-urlencoded/.test(String(req.headers['content-type'] ?? '')) ? formFields(text) : {};
        let params: Record<string, unknown> = form;
        if (isJson) {
          try {
            params = text ? JSON.parse(text) : {};
          } catch {
            params = {raw: text};
          }
        }
        const action = isJson ? target.split('.').pop()! : (form.Action ?? `${req.method} ${req.url}`);
        const entry: RecordedRequest = {
          seq: ++seq,
          service,
          action,
          params,
          ...(form.StackName ? {stackName: form.StackName} : {}),
          ...(form.ChangeSetName ? {changeSetName: form.ChangeSetName} : {}),
          status: 0,
          restored: [],
        };
        log.push(entry);
        const raw = (rewritten?: Record<string, string>) => forward(req, rewritten ? Buffer.from(new URLSearchParams(rewritten).toString()) : body);
        let answer: Answer;
        try {
          const handler = service === 'cloudformation' ? cfnHandlers[action] : service === 'codebuild' ? codebuildHandlers[action] : undefined;
          answer = handler ? await handler(form, raw, entry) : await raw();
        } catch (error) {
          if (error instanceof AwsError) {
            answer = {status: error.status, contentType: 'text/xml', body: queryError(error.code, error.message), restored: entry.restored};
          } else {
            shimErrors.push(`${action}: ${(error as Error).stack ?? error}`);
            answer = {status: 500, contentType: 'text/xml', body: queryError('ShimInternalError', (error as Error).message), restored: []};
          }
        }
        entry.status = answer.status;
        if (answer.status >= 400) {
          if (isJson) {
            try {
              const e = JSON.parse(answer.body);
              entry.errorCode = String(e.__type ?? '')
                .split('#')
                .pop();
              entry.errorMessage = e.message ?? e.Message;
            } catch {
              entry.errorCode = `HTTP ${answer.status}`;
            }
          } else {
            entry.errorCode = xmlText(answer.body, 'Code') ?? `HTTP ${answer.status}`;
            entry.errorMessage = xmlText(answer.body, 'Message');
          }
          // moto's unhandled errors come as an HTML page: say so where the test's output shows it.
          if (answer.status >= 500 && /<html/i.test(answer.body)) shimErrors.push(`${action}: moto answered HTTP ${answer.status} with an HTML page`);
        }
        res.writeHead(answer.status, {'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.body)});
        res.end(answer.body);
      })();
    });
  });
  await new Promise<void>(resolve => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    motoEndpoint,
    log,
    writes: () => log.filter(e => WRITE_ACTIONS.has(e.action)),
    restorations,
    shimErrors,
    reset() {
      log.length = 0;
      shimErrors.length = 0;
      for (const k of Object.keys(restorations)) delete restorations[k];
      changeSets = new Map();
      nestedSets = new Map();
      executedAt = new Map();
    },
    async close() {
      cf.destroy();
      s3.destroy();
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
