// The facts a hint names, read from a failed resource's event: who was denied what by which policy, the name in a
// conflict, the limit and its Service Quotas name, the parameter, what is missing, the instance that signalled, the
// custom resource's log stream, and the command that removes a leftover. Each is undefined when the event does not
// say it; the rules' hint templates leave out what is unknown.
import {parseAccessDenial, policyIdOf} from './access-denial.js';
import {unwrap, type Unwrapped} from './reasons.js';
import {deleteCommandFor, quotaNameFor, serviceLinkedRoleServiceFor, serviceOf} from './resource-knowledge.js';
import type {AccessDenial} from './types.js';

/** What the diagnosis reads of a failure: its event's fields. */
export interface FailedResource {
  reason: string;
  resourceType?: string;
  status?: string;
  logicalResourceId?: string;
  physicalResourceId?: string;
  /** A custom resource's Lambda function: its name, or its logical ID in the same template (service-token.ts). */
  serviceFunction?: string;
  serviceFunctionLogical?: string;
}

export interface DiagnosisInput {
  failure: FailedResource;
  /** The message without wrappers and its codes. */
  u: Unwrapped;
  /** The message plus its error codes, what rule patterns are tested on. */
  text: string;
  denial: AccessDenial | null;
  facts: Record<string, string | undefined>;
}

// How `describe-network-interfaces` finds what holds a resource, by its type.
const ENI_FILTERS: Record<string, string> = {
  'AWS::EC2::SecurityGroup': 'group-id',
  'AWS::EC2::Subnet': 'subnet-id',
  'AWS::EC2::VPC': 'vpc-id',
};

const POLICY_WORDS: Record<string, string> = {
  scp: 'service control policy',
  rcp: 'resource control policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  resource: 'resource-based policy',
  identity: 'identity-based policy',
  vpce: 'VPC endpoint policy',
};

/**
 * How much of a reason is read. Reasons are untrusted and have no size limit; some patterns cost the square of what
 * they scan, so a 200 KB reason would hold the screen for minutes. Real reasons are far shorter, and the screen and
 * reports show 4,000 characters of one.
 */
export const DIAGNOSED_CHARS = 4000;

/** Reads everything a hint may name, once per failure. */
export function readFailure(failure: FailedResource, options: {cloudTrail?: boolean} = {}): DiagnosisInput {
  const reason = (failure.reason ?? '').slice(0, DIAGNOSED_CHARS);
  const u = unwrap(reason);
  const codes = [u.handlerErrorCode && `HandlerErrorCode: ${u.handlerErrorCode}`, u.errorCode, u.statusCode && `Status Code: ${u.statusCode}`]
    .filter(Boolean)
    .join(' ');
  const text = `${u.message} ${codes}`.trim();
  const denial = parseAccessDenial(reason);
  const type = failure.resourceType ?? '';
  const physical = usefulPhysicalId(failure.physicalResourceId ?? '');
  const name = conflictingName(u.message) ?? undefined;
  const limit = limitOf(text, u);
  const action = denial?.action || u.apiAction || calledAction(u.message, type) || undefined;
  const facts: Record<string, string | undefined> = {
    logical: failure.logicalResourceId || undefined,
    physical,
    type: type || undefined,
    service: serviceOf(type) ?? u.service ?? undefined,
    code: u.errorCode ?? u.handlerErrorCode ?? undefined,
    action,
    resource:
      denial?.resource ??
      /permission to \w+ for (\S+?)\.?(?:\s|$)/.exec(u.message)?.[1] ??
      /not authorized to (?:create or assume|create|assume|access|use) (?:an? |the )?([\w -]+?)(?: \(|\.|$)/.exec(u.message)?.[1] ??
      undefined,
    policyType: denial && denial.policyType !== 'unknown' ? POLICY_WORDS[denial.policyType] : undefined,
    policy: denial?.policyArn ? policyIdOf(denial.policyArn) : undefined,
    name,
    target: name ?? physical,
    limit,
    quota: quotaNameFor(text, type),
    parameter: parameterOf(u.message),
    missing: missingOf(u.message),
    export: exportOf(u.message),
    importer: /in use by (.+?)\.?$/i.exec(u.message)?.[1],
    failedList: /The following resource\(s\) failed to \w+: \[([^\]]+)\]/.exec(u.message)?.[1],
    conflictCode: /\b(\w*AlreadyExists\w*|ResourceExistsException|ConflictException)\b/.exec(text)?.[1],
    owner: /already exists in stack arn:[^:]+:cloudformation:[^:]*:[^:]*:stack\/([^/\s]+)/.exec(u.message)?.[1],
    subject:
      /(?:^|\s)(?:Service|Resource of type '[^']+' with identifier) '?(\S+?)'? (?:did not stabilize|failed to stabilize)/i.exec(u.message)?.[1] ??
      /(?<!\S)(\S+) did not stabilize/i.exec(u.message)?.[1] ??
      /^(.+?) (?:configuration )?failed to be applied/i.exec(u.message)?.[1],
    ecsCluster: ecsServiceArn(physical, u.message)?.[1],
    ecsService: ecsServiceArn(physical, u.message)?.[2],
    awsId: /\b((?:sg|subnet|vpc|igw|eni|nat|rtb|acl|vpce|eipalloc|fsmt|fs)-[0-9a-zA-Z]{4,})\b/.exec(u.message)?.[1],
    arn: /\b(arn:aws[\w-]*:(?!sts:|iam::\d+:user|kms:)[^\s"',)]+)/.exec(u.message)?.[1]?.replace(/[.;]$/, ''),
    otherPrincipal: otherPrincipalOf(denial?.principal ?? ''),
    throttledBy: /throttled by (\w+)/i.exec(u.message)?.[1] ?? u.service ?? undefined,
    badPrincipal: /Invalid principal in policy: "?\w*"?:?"?([^"\s]+?)"?(?:\s|$|\()/i.exec(u.message)?.[1],
    instance: /UniqueId:?\s+([^\s,.;]+)/i.exec(u.message)?.[1] ?? /\b(i-[0-9a-f]{8,17})\b/.exec(u.message)?.[1],
    signals: signalsOf(u.message),
    logStream: /Log Stream:\s*(\S+)/i.exec(u.message)?.[1]?.replace(/[.,;]$/, ''),
    slrService: /aws-service-role\/([a-z0-9.-]+\.amazonaws\.com)\//.exec(u.message)?.[1] ?? serviceLinkedRoleServiceFor(text, type),
    slrName: /\b(AWSServiceRoleFor\w+)/.exec(u.message)?.[1],
    s3code: /S3 Error Code: (\w+)/.exec(u.message)?.[1],
    waiter:
      /Waiter (\w+) failed/i.exec(u.message)?.[1] ??
      /not in the state (\w+)/i.exec(u.message)?.[1] ??
      /did not contain (?:an empty |an? )?(\w+)/i.exec(u.message)?.[1],
    key: /\b(arn:aws[\w-]*:kms:[^\s"',;)]+)/.exec(u.message)?.[1]?.replace(/\.$/, ''),
    value: invalidValueOf(u.message),
    property: propertyOf(u.message),
    verb: denial ? (denial.explicit ? 'denies' : 'does not allow') : undefined,
    eni: /\b(eni-[0-9a-f]{8,17})\b/.exec(u.message)?.[1],
    eniFilter: ENI_FILTERS[type],
    functionLogs: failure.serviceFunction
      ? `the log group /aws/lambda/${failure.serviceFunction} of its Lambda function`
      : failure.serviceFunctionLogical
        ? `the log group of its Lambda function ${failure.serviceFunctionLogical} (/aws/lambda/ and that function's name)`
        : undefined,
    trailNote:
      options.cloudTrail === false ? undefined : "CloudTrail's record of the denied call is listed with it (it can take ~5 minutes to appear).",
  };
  facts.deleteCommand = deleteCommandFor(type, facts.name ?? physical);
  return {failure, u, text, denial, facts};
}

/**
 * The role or user a denial names when it is not the deploying role: CloudFormation calls as the role's
 * `AWSCloudFormation` session (or the PantherDeploymentRole); a function's or a service's own role is someone else.
 */
function otherPrincipalOf(principal: string): string | undefined {
  const m = /:assumed-role\/([^/\s]+)\/(\S+)$/.exec(principal) ?? /:(?:role|user)\/(?:[^\s]*\/)?([^/\s]+)$/.exec(principal);
  if (!m) return undefined;
  const [, name, session] = m;
  if (session === 'AWSCloudFormation' || /PantherDeploymentRole/i.test(name!)) return undefined;
  return name;
}

/** An ECS service ARN's cluster and service names, from the physical ID or the message. */
function ecsServiceArn(physical: string | undefined, message: string): RegExpExecArray | null {
  const arn = /arn:aws[\w-]*:ecs:[^:]*:\d*:service\/([^/\s'"]+)\/([^/\s'".,]+)/;
  return (physical ? arn.exec(physical) : null) ?? arn.exec(message);
}

/** A physical ID worth naming: not empty, not CloudFormation's placeholder for a resource that never got one. */
function usefulPhysicalId(id: string): string | undefined {
  const v = id.trim();
  if (!v || /^(?:null|undefined|-)$/i.test(v)) return undefined;
  return v;
}

// Words a loose pattern can take for a name: type nouns and function words (`The specified log group already exists`).
const NOT_A_NAME =
  /^(?:it|this|that|resource|entity|object|already|group|name|table|queue|parameter|bucket|alias|key|role|policy|function|topic|stream|secret|domain|rule|was|is|specified|a|an|the|requested|machine|state|same)$/i;

/** The name a conflict names: `Role with name X already exists`, `Resource of type 'T' with identifier 'X'`, `"X already exists"`. */
export function conflictingName(message: string): string | null {
  // A quoted name is whole as it is (a DNS name ends with its dot).
  const quoted = /\bname='([^']+)'/i.exec(message) ?? /already exists:\s*'?([^'\s]+?)'?(?:\s|$)/i.exec(message);
  if (quoted && /already exists/i.test(message)) return quoted[1]!;
  const m =
    /with identifier '([^']+)'/i.exec(message) ??
    /\bwith (?:the )?name '?"?([^\s,'"]+)'?"? already exists/i.exec(message) ??
    /\b(?:name|named|bucket|role|group|table|topic|queue|function|key|alias|secret|repository|log group|domain|stream|policy|profile|user|parameter|rule|cluster|service|resource)\s+'?"?([A-Za-z0-9_.:/@+=*-]{3,})'?"?\s+(?:already exists|is already associated|already associated)/i.exec(
      message,
    ) ??
    /^'?"?([A-Za-z0-9_.:/@+=-]{3,})'?"? already exists/i.exec(message) ??
    /'([^']{3,})' already exists/i.exec(message) ??
    /([A-Za-z0-9_.:/@+=-]{3,})\s+already exists/i.exec(message) ??
    /Rename ([^\s]+) and update the stack again/i.exec(message);
  if (!m) return null;
  const name = m[1]!.replace(/[.,;]$/, '');
  return NOT_A_NAME.test(name) ? null : name;
}

function limitOf(text: string, u: Unwrapped): string | undefined {
  const m =
    /(UnreservedConcurrentExecution)|Cannot exceed quota for (\w+)|(\b\w+ limit exceeded)|(\bLimit for \w+)|(\b\w+ limit of \d+)|(\b[A-Za-z]*LimitExceeded[A-Za-z]*)|(ServiceQuotaExceeded\w*)|(TooManyBuckets)|(\bmaximum number of [\w\s-]+?)(?: has been| reached| allowed|\.|,|$)|(\blimit (?:of|on) [\w\s-]+?)(?: has been| reached| exceeded|\.|,|$)|\b(\w+ limit) (?:exceeded|reached)|\b([\w-]+ quota) (?:exceeded|reached)/i.exec(
      text,
    );
  const phrase = m?.slice(1).find(Boolean)?.trim();
  const code = u.errorCode && u.errorCode !== phrase && /Limit|Quota|TooMany/i.test(u.errorCode) ? u.errorCode : undefined;
  return [phrase, code && (phrase ? `(${code})` : code)].filter(Boolean).join(' ') || undefined;
}

/** The action a message says was not allowed, when it is not an IAM denial: `call Decrypt on KMS`, `permission to call ec2:X`. */
function calledAction(message: string, resourceType: string): string | undefined {
  const on = /\bcall\s+(?:\w+:)?([A-Z][A-Za-z]+)\s+on\s+(\w+)/.exec(message);
  if (on) return `${on[2]!.toLowerCase()}:${on[1]}`;
  const called = /permission to (?:call )?([a-z0-9-]+:[A-Z]\w+)/.exec(message) ?? /\bkms:([A-Z][A-Za-z]+)\b/.exec(message);
  if (called) return called[1]!.includes(':') ? called[1] : `kms:${called[1]}`;
  const op = /for operation '([^'\s]+)'/.exec(message)?.[1] ?? /permission to (\w+) for /.exec(message)?.[1];
  if (!op) return undefined;
  if (op.includes('::')) return op;
  const service = /^AWS::(\w+)::/.exec(resourceType)?.[1]?.toLowerCase();
  return service ? `${service}:${op}` : op;
}

function parameterOf(message: string): string | undefined {
  // Schema messages can name several properties (`#/A/0/B`, `#/C`): all of them, whole.
  const paths = [...new Set([...message.matchAll(/#\/([\w/]+)/g)].map(m => m[1]!))];
  const extraneous = /#\/(?:[\w/]*\/)?(\w+): extraneous key \[([^\]]+)\]/.exec(message);
  if (extraneous) return `${extraneous[1]}.${extraneous[2]}`;
  if (paths.length > 1) return paths.join(', ');
  const unsupported = /unsupported propert(?:y|ies) in \{\/?([^}]+)\}: \[([^\]]+)\]/.exec(message);
  if (unsupported) return `${unsupported[1]} (${unsupported[2]})`;
  const m =
    /parameter name (\S+)/i.exec(message) ??
    /Parameters?: \[([^\]]+)\] must have values/i.exec(message) ??
    /for parameter (?!name\b)(\S+)/i.exec(message) ??
    /#\/([\w/]+)/.exec(message) ??
    /^'?(\w+)'? value failed to satisfy constraint/.exec(message) ??
    /\bParameter (\w+) is not valid/.exec(message) ??
    /Invalid parameter: ([\w ]+?)(?: \(|$|\.)/.exec(message) ??
    /required parameter\(s\) are missing: \{?([\w, ]+)\}?/i.exec(message) ??
    /must specify (?:either )?(\w+ or \w+)/i.exec(message) ??
    /Parameter\(s\) ([\w ]+?) must be specified/i.exec(message) ??
    /fields are required: \[([^\]]+)\]/i.exec(message) ??
    /Unresolved resource dependencies \[([^\]]+)\]/i.exec(message) ??
    /Parameters: \[([^\]]+)\] do not exist in the template/i.exec(message) ??
    /Value of property \{?\/?([A-Za-z0-9/]+)\}?/i.exec(message) ??
    /unsupported property ([A-Za-z0-9.]+)/i.exec(message) ??
    /must contain the parameter ([A-Za-z0-9.]+)/i.exec(message) ??
    /(?:missing|required) (?:required )?(?:parameter|property|field|key)\s*:?\s*'?"?([A-Za-z0-9.]+)/i.exec(message) ??
    /\bat '([^']+)' failed to satisfy constraint/i.exec(message) ??
    /\bmust specify (?:an? |the )?'?([A-Za-z0-9.]+)/i.exec(message) ??
    /(?:The|Invalid) (?:value for |parameter )([A-Z][A-Za-z0-9.]+)/.exec(message) ??
    /Invalid ((?:[A-Z]\w*)(?: [A-Z]\w*)*)/.exec(message) ??
    /^(\w+(?: \w+)?) cannot be empty/.exec(message);
  return m ? m[1]!.replace(/[.,:;]$/, '') : undefined;
}

function propertyOf(message: string): string | undefined {
  const m =
    /\b((?:\w+ )?\w+) (?:cannot|can't) be (?:modified|updated|changed)/i.exec(message) ??
    /Cannot update (?:the )?(?:property )?'?([A-Za-z0-9 ]+?)(?:'s)?'? (?:properties|property|of|for|on|while|when|because|after|once|\.|,|$)/i.exec(
      message,
    ) ??
    /Cannot perform more than one (\w+)/i.exec(message) ??
    /\b([A-Za-z0-9]+) (?:cannot|can't) be (?:updated|changed|modified)/i.exec(message);
  return m ? m[1]!.trim() : undefined;
}

function missingOf(message: string): string | undefined {
  const m =
    /No export named (\S+?)(?: found|\.|$)/i.exec(message) ??
    /The specified (\w+(?: \w+)?) (?:does not|doesn't) exist/i.exec(message) ??
    /(?:^|\s)'?"?([A-Za-z0-9_.:/@+=-]{3,})'?"? (?:does not exist|not found|cannot be found|could not be found)/i.exec(message) ??
    /(?:Unable to find|Could not find|Cannot find|No such) (?:the )?([\w:/@.-]+(?: [\w:/@.-]+)?)/i.exec(message);
  const v = m?.[1]?.replace(/[.,;]$/, '');
  return v && !NOT_A_NAME.test(v) && !/^(?:does|matching)$/i.test(v) ? v : undefined;
}

function exportOf(message: string): string | undefined {
  return (
    /\bExport (\S+) cannot be (?:updated|deleted)/i.exec(message)?.[1] ??
    /Cannot (?:update|delete) export (\S+) as it is in use/i.exec(message)?.[1] ??
    /No export named (\S+?)(?: found|\.|$)/i.exec(message)?.[1]
  );
}

function signalsOf(message: string): string | undefined {
  const got = /Received (\d+) SUCCESS signal\(s\) out of (\d+)/i.exec(message);
  if (got) return `${got[1]} of ${got[2]}`;
  const failed = /Failed to receive (\d+) resource signal\(s\)/i.exec(message);
  if (failed) return `${failed[1]} missing`;
  const wait = /Received (\d+) conditions when expecting (\d+)/i.exec(message);
  return wait ? `${wait[1]} of ${wait[2]}` : undefined;
}

function invalidValueOf(message: string): string | undefined {
  const m =
    /runtime parameter of (\S+) is no longer supported/i.exec(message) ??
    /The image id '\[?([^\]']+)\]?' does not exist/i.exec(message) ??
    /\bAMI (ami-\w+)/.exec(message) ??
    /The CIDR '([^']+)'/i.exec(message) ??
    /parameter value (\S+) for parameter name/i.exec(message) ??
    /Value '([^']{1,80})' at '/i.exec(message) ??
    /(?:Source image|ARN) (\S+) is not valid/i.exec(message) ??
    /combination: (.+?)\.(?:\s|$)/i.exec(message);
  return m?.[1];
}
