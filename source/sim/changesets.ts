// Change sets on the simulated account (CreateChangeSet, DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet,
// ListChangeSets). A change set plans its changes when it is created: every nested stack whose template moves, a few
// ordinary resource updates per stack, and the changes a scenario's template catalogue says a version makes (a
// removal, a replacement). With IncludeNestedStacks the plan is shown as a hierarchy of nested change sets, one per
// nested stack touched. Executing the root plays that plan on the clock (update.ts).
import {SimError, stackNotFound, validation} from './errors.js';
import type {QueryHandler, Result} from './cloudformation.js';
import {decodeToken, encodeToken} from './paging.js';
import type {QueryParams} from './params.js';
import {keyedFloat, Random} from './random.js';
import {StoryEngine, attachStory, type StackPlan} from './story.js';
import {playUpdate, type UpdateRun} from './update.js';
import type {WorldView} from './view.js';
import {STACK_TYPE, stableSortBy, stackLevelEvent, type TemplateDoc, type World, type WorldStack} from './world.js';
import {isoTime} from './xml.js';
import type {SimBuild} from './codebuild.js';

export interface UpgradeSimOptions {
  /** The version whose root-stack update fails in a nested stack and rolls back (e.g. '1.26.9'). */
  failRung?: string;
}

/** A template a catalogue serves at a URL. */
export interface CatalogTemplate {
  template: TemplateDoc;
  version: string;
  /** What GetTemplateSummary says the template requires. */
  capabilities: string[];
}

/** A change a version makes to one resource of a stack, beyond the ordinary updates the sim picks. */
export interface ChangeSpec {
  logicalId: string;
  action: 'Modify' | 'Remove';
  replacement?: 'True' | 'False' | 'Conditional';
  /** The property that changes (Modify). */
  target?: {name: string; requiresRecreation: 'Never' | 'Conditionally' | 'Always'};
}

/** A scenario's published templates (the S3 objects its template URLs name). */
export interface TemplateCatalog {
  /** The template at `url`; throws the ValidationError AWS gives for a template it cannot fetch. */
  resolve(url: string): CatalogTemplate;
  /**
   * What a version change does to a stack beyond the nested stacks' new template URLs: `specs` on top of the ordinary
   * picks, or instead of them when `only`.
   */
  changes(stack: WorldStack, from: string | null, to: string | null): {specs: ChangeSpec[]; only: boolean};
  /**
   * What creating a stack from one of its templates builds (a CREATE change set): the tree, root first, and its story
   * plan. `attempt` counts the creates executed before this one (a scenario can make the first ones fail). Absent: the
   * catalogue's templates cannot create a stack.
   */
  newStack?(input: NewStackInput): NewStackTree;
}

export interface NewStackInput {
  name: string;
  templateUrl: string;
  template: TemplateDoc;
  parameters: Record<string, string>;
  roleArn: string | null;
  attempt: number;
}

export interface NewStackTree {
  plan: StackPlan;
  stacks: WorldStack[];
  /** CodeBuild projects the stack creates (they exist once the create completes). */
  projects?: string[];
}

/** One resource change of a plan (what DescribeChangeSet shows and ExecuteChangeSet plays). */
export interface PlannedChange {
  action: 'Modify' | 'Remove';
  logicalId: string;
  physicalId: string;
  resourceType: string;
  /** null for a Remove. */
  replacement: 'True' | 'False' | 'Conditional' | null;
  details: {name: string; requiresRecreation: string}[];
  policyAction?: 'Delete' | 'ReplaceAndDelete';
  /** A replaced resource's new physical id. */
  newPhysicalId?: string;
  /** A nested stack's own plan. */
  child?: StackPlanned;
}

export interface StackPlanned {
  stack: WorldStack;
  changes: PlannedChange[];
}

export interface SimChangeSet {
  /** CREATE: the change set that creates its stack (REVIEW_IN_PROGRESS until executed). */
  type: 'CREATE' | 'UPDATE';
  /** CREATE: the tree executing it creates. */
  created?: NewStackTree;
  id: string;
  name: string;
  stackId: string;
  stackName: string;
  description: string;
  createdAt: number;
  /** When its creation finishes (CREATE_COMPLETE or FAILED); a nested change set's is its root's. */
  readyAt: number;
  templateUrl: string;
  /** As sent (a nested change set: none). */
  parameters: {key: string; value: string | null; usePrevious: boolean}[];
  /** Every parameter's value once applied. */
  resolved: Record<string, string>;
  capabilities: string[];
  includeNested: boolean;
  /** Tags as sent; null when the request carried no Tags (the stack keeps its own). */
  tags: Record<string, string> | null;
  /** Set for a change set that failed to create (e.g. nothing to change). */
  failedReason: string | null;
  changes: Result[];
  /** The plan executing it plays (a root change set that can execute). */
  plan: StackPlanned | null;
  /** The template the stack moves to (a catalogue's), or null to keep the current one. */
  template: TemplateDoc | null;
  /** Nested change sets: their parent's and their root's ARN (null on a root change set). */
  parentId: string | null;
  rootId: string | null;
  executedAt: number | null;
  deleted: boolean;
  run: {endAt: number; ok: boolean} | null;
  /** The request's ClientToken: a retry of the same request gets this change set back instead of AlreadyExists. */
  clientToken?: string | null;
}

interface Due {
  at: number;
  apply: () => void;
}

/** Per world: what the account remembers beyond the generated history. */
export interface AccountState {
  options: UpgradeSimOptions;
  random: Random;
  seed: number;
  changeSets: SimChangeSet[];
  /** The template URL each stack was last deployed from, when known. */
  templateUrls: Map<string, string>;
  /** The scenario's published templates; absent: any URL means the scenario root's template. */
  templates: TemplateCatalog | null;
  due: Due[];
  /** CodeBuild projects that exist. */
  projects: Set<string>;
  builds: SimBuild[];
  /** CREATE change sets executed so far (a scenario's catalogue may fail the first ones). */
  createsExecuted: number;
}

const states = new WeakMap<World, AccountState>();

export function accountState(world: World): AccountState {
  let st = states.get(world);
  if (!st) {
    const seed = Number(world.facts.seed ?? 7);
    st = {
      options: {},
      random: new Random(seed + 4242),
      seed,
      changeSets: [],
      templateUrls: new Map(),
      templates: null,
      due: [],
      projects: new Set(),
      builds: [],
      createsExecuted: 0,
    };
    states.set(world, st);
  }
  return st;
}

/** Called by a scenario: the upgrade options, the stacks' current template URLs, its templates, CodeBuild projects. */
export function configureAccount(
  world: World,
  config: {options?: UpgradeSimOptions; templateUrls?: Record<string, string>; templates?: TemplateCatalog; projects?: string[]},
): void {
  const st = accountState(world);
  st.options = {...st.options, ...config.options};
  for (const [id, url] of Object.entries(config.templateUrls ?? {})) st.templateUrls.set(id, url);
  if (config.templates) st.templates = config.templates;
  for (const p of config.projects ?? []) st.projects.add(p);
}

/** Every change set created by a request so far (tests check what was sent); nested ones are left out. */
export function changeSetsOf(world: World): readonly SimChangeSet[] {
  return accountState(world).changeSets.filter(c => c.rootId === null);
}

/** The nested change sets the sim created under a root change set (its whole hierarchy). */
export function nestedChangeSetsOf(world: World, rootId: string): readonly SimChangeSet[] {
  return accountState(world).changeSets.filter(c => c.rootId === rootId);
}

/** Applies the queued changes of state whose time has come. */
export function applyDue(view: WorldView, now: number): void {
  const st = states.get(view.world);
  if (!st || st.due.length === 0) return;
  const ready = st.due.filter(d => d.at <= now);
  if (ready.length === 0) return;
  st.due = st.due.filter(d => d.at > now);
  for (const d of stableSortBy(ready, d => d.at)) d.apply();
}

export const versionInUrl = (url: string): string | null => /\/v(\d+\.\d+\.\d+)\//.exec(url)?.[1] ?? null;

/** Numeric x.y.z comparison. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Handlers

const NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;
const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";
/** What AWS says of a nested change set while its root can be executed (the user guide's describe-change-set output). */
const NESTED_REASON = 'Executable from root change set';
const PAGE = 100;

function liveStack(p: QueryParams, view: WorldView, now: number): WorldStack {
  const name = p.get('StackName');
  if (!name) throw validation("1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null");
  const stack = view.find(name, now);
  if (!stack) throw stackNotFound(name);
  return stack;
}

function assertSettled(view: WorldView, stack: WorldStack, now: number): void {
  const status = view.state(stack, now)?.status ?? '';
  if (status.endsWith('_IN_PROGRESS') || status === 'UPDATE_ROLLBACK_FAILED' || status === 'ROLLBACK_COMPLETE') {
    throw validation(`Stack:${stack.stackId} is in ${status} state and can not be updated.`);
  }
}

function structList(p: QueryParams, name: string, fields: string[]): Record<string, string | undefined>[] {
  const out: Record<string, string | undefined>[] = [];
  for (let i = 1; ; i++) {
    const entry: Record<string, string | undefined> = {};
    let any = false;
    for (const f of fields) {
      const v = p.get(`${name}.member.${i}.${f}`);
      entry[f] = v;
      if (v !== undefined) any = true;
    }
    if (!any) return out;
    out.push(entry);
  }
}

function findChangeSet(p: QueryParams, view: WorldView, now: number): SimChangeSet {
  const st = accountState(view.world);
  const ref = p.get('ChangeSetName');
  if (!ref) throw validation("1 validation error detected: Value null at 'changeSetName' failed to satisfy constraint: Member must not be null");
  let found: SimChangeSet | undefined;
  if (ref.startsWith('arn:')) {
    found = st.changeSets.find(c => c.id === ref && !c.deleted);
  } else {
    const stackName = p.get('StackName');
    if (!stackName) throw validation('StackName must be specified if ChangeSetName is not specified as an ARN.');
    const stack = view.find(stackName, now);
    found = stack ? st.changeSets.find(c => c.name === ref && c.stackId === stack.stackId && !c.deleted) : undefined;
  }
  if (!found) throw new SimError('ChangeSetNotFound', `ChangeSet [${ref}] does not exist`, 404);
  return found;
}

function rootOf(st: AccountState, cs: SimChangeSet): SimChangeSet {
  return cs.rootId === null ? cs : (st.changeSets.find(c => c.id === cs.rootId) ?? cs);
}

function changeSetStatus(st: AccountState, cs: SimChangeSet, now: number): {status: string; execution: string; reason?: string} {
  const root = rootOf(st, cs);
  if (now < root.readyAt) return {status: 'CREATE_IN_PROGRESS', execution: 'UNAVAILABLE'};
  if (root.failedReason) return {status: 'FAILED', execution: 'UNAVAILABLE', reason: root.failedReason};
  if (root.executedAt !== null && root.run) {
    if (now < root.run.endAt) return {status: 'CREATE_COMPLETE', execution: 'EXECUTE_IN_PROGRESS'};
    return {status: 'CREATE_COMPLETE', execution: root.run.ok ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED'};
  }
  const superseded = st.changeSets.some(o => o !== root && o.stackId === root.stackId && o.executedAt !== null && o.executedAt >= root.createdAt);
  if (superseded) return {status: 'CREATE_COMPLETE', execution: 'OBSOLETE'};
  // A nested change set is executed through its root only.
  if (cs !== root) return {status: 'CREATE_COMPLETE', execution: 'UNAVAILABLE', reason: NESTED_REASON};
  return {status: 'CREATE_COMPLETE', execution: 'AVAILABLE'};
}

/** Marks a change set and every nested change set under it deleted. */
function deleteHierarchy(st: AccountState, cs: SimChangeSet): void {
  for (const c of st.changeSets) if (c === cs || c.rootId === cs.id) c.deleted = true;
}

/** The new template's parameter values, validated as CloudFormation does; throws its ValidationErrors. */
function resolveParameters(
  declared: TemplateDoc['Parameters'],
  previous: Record<string, string>,
  parameters: SimChangeSet['parameters'],
): Record<string, string> {
  for (const param of parameters) {
    if (param.usePrevious && param.value !== null) {
      throw validation(`Invalid input for parameter key ${param.key}. Cannot specify usePreviousValue as true and non empty value for a parameter`);
    }
  }
  // AWS: "Parameters: [TargetECRRepositoryName] do not exist in the template" (aws-samples/amazon-ec2-image-builder-samples#18).
  const unknown = parameters.filter(p => !Object.hasOwn(declared, p.key)).map(p => p.key);
  if (unknown.length > 0) throw validation(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  for (const param of parameters) {
    if (param.usePrevious && !Object.hasOwn(previous, param.key)) {
      throw validation(
        `Invalid input for parameter key ${param.key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`,
      );
    }
  }
  const given = new Map(parameters.map(p => [p.key, p]));
  // AWS: "Parameters: [ArtifactPath, ConfigS3Bucket] must have values" (sat-utils/sat-api#25). An omitted parameter takes
  // the template's Default, never its previous value (that takes UsePreviousValue).
  const missing = Object.entries(declared)
    .filter(([k, d]) => !given.has(k) && d.Default === undefined)
    .map(([k]) => k);
  if (missing.length > 0) throw validation(`Parameters: [${missing.join(', ')}] must have values`);
  const resolved: Record<string, string> = {};
  for (const [key, decl] of Object.entries(declared)) {
    const p = given.get(key);
    resolved[key] = p === undefined ? (decl.Default ?? '') : p.usePrevious ? previous[key] : (p.value ?? '');
  }
  return resolved;
}

const CreateChangeSet: QueryHandler = (p, ctx) => {
  const {view, now} = ctx;
  const st = accountState(view.world);
  const name = p.get('ChangeSetName') ?? '';
  if (!NAME.test(name)) {
    throw validation(
      `1 validation error detected: Value '${name}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
    );
  }
  if (p.get('ChangeSetType') === 'CREATE') return createStackChangeSet(p, view, now, name);
  const stack = liveStack(p, view, now);
  const type = p.get('ChangeSetType') ?? 'UPDATE';
  if (type !== 'UPDATE') throw validation(`ChangeSetType ${type} is not supported by the simulated account (UPDATE and CREATE only)`);
  assertSettled(view, stack, now);
  const same = st.changeSets.find(c => c.stackId === stack.stackId && c.name === name && !c.deleted);
  const clientToken = p.get('ClientToken') ?? null;
  // As CloudFormation: the same request sent again (a retry after a lost answer) is not another change set.
  if (same && clientToken && same.clientToken === clientToken) return {Id: same.id, StackId: stack.stackId};
  if (same) throw new SimError('AlreadyExistsException', `ChangeSet ${name} already exists`);
  const current = st.templateUrls.get(stack.stackId) ?? '';
  const usePreviousTemplate = p.bool('UsePreviousTemplate');
  const templateUrl = usePreviousTemplate ? current : (p.get('TemplateURL') ?? '');
  if (!templateUrl && !p.get('TemplateBody')) throw validation('Either Template URL or Template Body must be specified.');
  // The new template: fetched from the catalogue (an unknown object fails as S3 would), else the current one.
  const fetched = st.templates && !usePreviousTemplate && p.get('TemplateURL') ? st.templates.resolve(templateUrl) : null;
  const newTemplate = fetched?.template ?? null;

  const parameters = parseParameters(p);
  const resolved = resolveParameters((newTemplate ?? stack.template).Parameters, stack.parameters, parameters);
  const capabilities = p.list('Capabilities');
  const missing = stack.capabilities.filter(c => !capabilities.includes(c));
  if (missing.length > 0) {
    throw new SimError('InsufficientCapabilitiesException', `Requires capabilities : [${missing.join(', ')}]`);
  }
  const tagEntries = structList(p, 'Tags', ['Key', 'Value']);
  // An empty list travels as `Tags=`: it is still a list, and replaces every tag the stack has.
  const tags = tagEntries.length > 0 || p.get('Tags') !== undefined ? Object.fromEntries(tagEntries.map(t => [t.Key ?? '', t.Value ?? ''])) : null;

  const sameTemplate = templateUrl === current;
  const sameParameters =
    Object.entries(resolved).every(([k, v]) => stack.parameters[k] === v) && Object.keys(stack.parameters).every(k => k in resolved);
  const noChanges = sameTemplate && sameParameters && tags === null;
  const uuid = st.random.uuid();
  const id = `arn:aws:cloudformation:${view.world.region}:${view.world.account}:changeSet/${name}/${uuid}`;
  const includeNested = p.bool('IncludeNestedStacks');
  const plan = noChanges ? null : planStack(view, st, stack, now, versionInUrl(current), versionInUrl(templateUrl));
  const cs: SimChangeSet = {
    type: 'UPDATE',
    id,
    name,
    stackId: stack.stackId,
    stackName: stack.name,
    description: p.get('Description') ?? '',
    createdAt: now,
    readyAt: now + 2000 + Math.round(keyedFloat(st.seed, uuid) * 3000),
    templateUrl,
    parameters,
    resolved,
    capabilities,
    includeNested,
    tags,
    failedReason: noChanges ? NO_CHANGES : null,
    changes: [],
    plan,
    template: usePreviousTemplate ? null : newTemplate,
    parentId: null,
    rootId: null,
    executedAt: null,
    deleted: false,
    run: null,
    clientToken,
  };
  st.changeSets.push(cs);
  if (plan) cs.changes = renderChanges(plan, includeNested ? nestedChangeSets(view, st, cs, cs, plan) : new Map());
  return {Id: id, StackId: stack.stackId};
};

function parseParameters(p: QueryParams): SimChangeSet['parameters'] {
  return structList(p, 'Parameters', ['ParameterKey', 'ParameterValue', 'UsePreviousValue']).map(e => ({
    key: e.ParameterKey ?? '',
    value: e.ParameterValue ?? null,
    usePrevious: (e.UsePreviousValue ?? '').toLowerCase() === 'true',
  }));
}

/**
 * A CREATE change set: the stack appears at once in REVIEW_IN_PROGRESS (as in AWS), the change set lists every
 * resource as an Add (with a nested change set per nested stack when IncludeNestedStacks), and executing it plays the
 * create on the clock. The tree comes from the scenario's template catalogue.
 */
function createStackChangeSet(p: QueryParams, view: WorldView, now: number, name: string): Result {
  const st = accountState(view.world);
  const stackName = p.get('StackName') ?? '';
  if (stackName.startsWith('arn:') || !NAME.test(stackName)) {
    throw validation(
      `1 validation error detected: Value '${stackName}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
    );
  }
  const existing = view.find(stackName, now);
  if (existing && view.state(existing, now)?.status !== 'REVIEW_IN_PROGRESS') {
    throw validation(`Stack [${stackName}] already exists and cannot be created again with the changeSet [${name}].`);
  }
  const clientToken = p.get('ClientToken') ?? null;
  if (existing) {
    const same = st.changeSets.find(c => c.stackId === existing.stackId && c.name === name && !c.deleted);
    if (same && clientToken && same.clientToken === clientToken) return {Id: same.id, StackId: existing.stackId};
    if (same) throw new SimError('AlreadyExistsException', `ChangeSet ${name} already exists`);
  }
  const templateUrl = p.get('TemplateURL') ?? '';
  if (!templateUrl) throw validation('Either Template URL or Template Body must be specified.');
  if (!st.templates?.newStack) throw validation('The simulated account publishes no template that can create a stack in this scenario.');
  const fetched = st.templates.resolve(templateUrl);
  const parameters = parseParameters(p);
  const resolved = resolveParameters(fetched.template.Parameters, {}, parameters);
  const capabilities = p.list('Capabilities');
  const missing = fetched.capabilities.filter(c => !capabilities.includes(c));
  if (missing.length > 0) throw new SimError('InsufficientCapabilitiesException', `Requires capabilities : [${missing.join(', ')}]`);
  const roleArn = p.get('RoleARN') ?? null;
  const tagEntries = structList(p, 'Tags', ['Key', 'Value']);
  const tree = st.templates.newStack({
    name: stackName,
    templateUrl,
    template: fetched.template,
    parameters: resolved,
    roleArn,
    attempt: st.createsExecuted,
  });
  const root = tree.stacks[0];
  if (existing) adoptRoot(tree, existing);
  root.template = fetched.template;
  root.description = fetched.template.Description;
  root.parameters = resolved;
  root.roleArn = roleArn;
  root.capabilities = capabilities;
  root.tags = Object.fromEntries(tagEntries.map(t => [t.Key ?? '', t.Value ?? '']));
  if (!existing) {
    root.events = [stackLevelEvent(root, st.random.uuid(), 'REVIEW_IN_PROGRESS', 'User Initiated', now, '')];
    view.addStack(root);
  }
  const uuid = st.random.uuid();
  const cs: SimChangeSet = {
    type: 'CREATE',
    created: tree,
    id: `arn:aws:cloudformation:${view.world.region}:${view.world.account}:changeSet/${name}/${uuid}`,
    name,
    stackId: root.stackId,
    stackName,
    description: p.get('Description') ?? '',
    createdAt: now,
    readyAt: now + 2000 + Math.round(keyedFloat(st.seed, uuid) * 3000),
    templateUrl,
    parameters,
    resolved,
    capabilities,
    includeNested: p.bool('IncludeNestedStacks'),
    tags: tagEntries.length > 0 ? root.tags : null,
    failedReason: null,
    changes: [],
    plan: null,
    template: fetched.template,
    parentId: null,
    rootId: null,
    executedAt: null,
    deleted: false,
    run: null,
    clientToken,
  };
  st.changeSets.push(cs);
  cs.changes = renderAdds(tree.plan, cs.includeNested ? nestedCreateSets(view, st, cs, cs, tree.plan) : new Map());
  return {Id: cs.id, StackId: root.stackId};
}

/** A second CREATE change set on a stack still in review: the new tree hangs under the stack that exists. */
function adoptRoot(tree: NewStackTree, existing: WorldStack): void {
  const old = tree.stacks[0].stackId;
  tree.stacks[0] = existing;
  tree.plan.stack = existing;
  for (const s of tree.stacks.slice(1)) {
    if (s.parentId === old) s.parentId = existing.stackId;
    if (s.rootId === old) s.rootId = existing.stackId;
  }
}

/** Every resource of a stack to be created, as DescribeChangeSet lists them: Add, no physical id yet. */
function renderAdds(plan: StackPlan, nested: Map<string, string>): Result[] {
  return plan.resources.map(r => ({
    Type: 'Resource',
    ResourceChange: {
      Action: 'Add',
      LogicalResourceId: r.logicalId,
      ResourceType: r.type,
      Scope: [],
      Details: [],
      ChangeSetId: r.child ? nested.get(r.child.stack.stackId) : undefined,
    },
  }));
}

/** The nested change sets of a CREATE: one per nested stack to be created, recursively. */
function nestedCreateSets(view: WorldView, st: AccountState, root: SimChangeSet, parent: SimChangeSet, plan: StackPlan): Map<string, string> {
  const ids = new Map<string, string>();
  for (const r of plan.resources) {
    if (!r.child) continue;
    const child = r.child.stack;
    const cs = nestedSet(view, st, root, parent, child, r.logicalId);
    cs.changes = renderAdds(r.child, nestedCreateSets(view, st, root, cs, r.child));
    ids.set(child.stackId, cs.id);
  }
  return ids;
}

/** Executes a CREATE change set: the create plays from now; nested stacks appear as their parent creates them. */
function executeCreate(view: WorldView, st: AccountState, cs: SimChangeSet, now: number): void {
  const tree = cs.created!;
  const index = st.changeSets.filter(c => c.rootId === null).indexOf(cs);
  const engine = new StoryEngine(st.seed + index, st.random, now);
  const story = engine.createRoot(tree.plan);
  attachStory(tree.stacks, story);
  view.reindex(tree.stacks[0]);
  for (const s of tree.stacks.slice(1)) if (s.events.length > 0) view.addStack(s);
  st.templateUrls.set(tree.stacks[0].stackId, cs.templateUrl);
  st.createsExecuted++;
  keepRetained(view.world, tree.stacks);
  const ok = story.outcome === 'complete';
  cs.run = {endAt: story.endAt, ok};
  if (ok) for (const project of tree.projects ?? []) st.due.push({at: story.endAt, apply: () => st.projects.add(project)});
  view.world.endTime = Math.max(view.world.endTime, story.endAt);
}

/**
 * What a rolled-back create leaves in the account: every resource its rollback skipped (DELETE_SKIPPED) exists, as
 * it was made minutes ago (buckets and tables empty, log groups with the few bytes of the create's own logs).
 */
function keepRetained(world: World, stacks: readonly WorldStack[]): void {
  const contents = (world.retainedContents ??= {});
  for (const stack of stacks) {
    for (const e of stack.events) {
      if (e.status !== 'DELETE_SKIPPED' || !e.physicalId) continue;
      const at = stack.events.find(x => x.logicalId === e.logicalId && x.status === 'CREATE_COMPLETE')?.time ?? e.time;
      if (e.resourceType === 'AWS::S3::Bucket') (world.buckets ??= []).push({name: e.physicalId, createdAt: at, region: world.region});
      else if (e.resourceType === 'AWS::DynamoDB::Table') (contents.tables ??= {})[e.physicalId] = {itemCount: 0, sizeBytes: 0, createdAt: at};
      else if (e.resourceType === 'AWS::Logs::LogGroup') (contents.logGroups ??= {})[e.physicalId] = {storedBytes: 2048, createdAt: at};
      else if (e.resourceType === 'AWS::KMS::Key') (contents.keys ??= {})[e.physicalId] = {state: 'Enabled', createdAt: at, description: ''};
    }
  }
}

/**
 * Creates a nested change set for every nested stack the plan touches under `parent` (recursively) and returns their
 * ARNs by stack id. AWS names them after the root change set, the nested stack's logical id and a random suffix.
 */
function nestedChangeSets(view: WorldView, st: AccountState, root: SimChangeSet, parent: SimChangeSet, plan: StackPlanned): Map<string, string> {
  const ids = new Map<string, string>();
  for (const change of plan.changes) {
    if (!change.child) continue;
    const child = change.child.stack;
    const cs = nestedSet(view, st, root, parent, child, change.logicalId);
    cs.changes = renderChanges(change.child, nestedChangeSets(view, st, root, cs, change.child));
    ids.set(child.stackId, cs.id);
  }
  return ids;
}

/**
 * One nested change set under `parent`, for the nested stack `child` (its changes are the caller's to fill). AWS
 * names it after the root change set, the nested stack's logical id and a random suffix.
 */
function nestedSet(view: WorldView, st: AccountState, root: SimChangeSet, parent: SimChangeSet, child: WorldStack, logicalId: string): SimChangeSet {
  const name = `${root.name}-${logicalId}-${st.random.upperAlnum(12)}`.slice(0, 128);
  const cs: SimChangeSet = {
    ...root,
    created: undefined,
    id: `arn:aws:cloudformation:${view.world.region}:${view.world.account}:changeSet/${name}/${st.random.uuid()}`,
    name,
    stackId: child.stackId,
    stackName: child.name,
    description: '',
    templateUrl: nestedTemplateUrl(root.template, logicalId) ?? '',
    parameters: [],
    resolved: {...child.parameters},
    tags: null,
    changes: [],
    plan: null,
    template: null,
    parentId: parent.id,
    rootId: root.id,
  };
  st.changeSets.push(cs);
  return cs;
}

function nestedTemplateUrl(template: TemplateDoc | null, logicalId: string): string | null {
  const url = template?.Resources[logicalId]?.Properties?.TemplateURL;
  return typeof url === 'string' ? url : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Planning

const PREFERRED = [
  'AWS::Lambda::Function',
  'AWS::ECS::Service',
  'AWS::ECS::TaskDefinition',
  'AWS::IAM::Role',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Policy',
  'AWS::StepFunctions::StateMachine',
];

interface Picked {
  logicalId: string;
  physicalId: string;
  resourceType: string;
}

/** The resources a new version changes in a stack: a few functions, services, roles. */
function pickPlain<T extends Picked>(resources: readonly T[]): T[] {
  const plain = resources.filter(r => r.resourceType !== STACK_TYPE);
  const out: T[] = [];
  const count = new Map<string, number>();
  for (const r of plain) {
    if (!PREFERRED.includes(r.resourceType)) continue;
    const n = count.get(r.resourceType) ?? 0;
    if (n >= (r.resourceType === 'AWS::Lambda::Function' ? 3 : 1)) continue;
    count.set(r.resourceType, n + 1);
    out.push(r);
  }
  for (const r of plain) {
    if (out.length >= 2) break;
    if (!out.includes(r)) out.push(r);
  }
  return out;
}

/**
 * What a new template changes in `stack` and, recursively, its nested stacks: every nested stack (its TemplateURL
 * moves with the version), a few ordinary updates, and the catalogue's changes for the versions crossed.
 */
function planStack(view: WorldView, st: AccountState, stack: WorldStack, now: number, from: string | null, to: string | null): StackPlanned {
  const resources = view.resources(stack, now).filter(r => r.status !== 'DELETE_COMPLETE');
  const extra = st.templates?.changes(stack, from, to) ?? {specs: [], only: false};
  const changes: PlannedChange[] = [];
  if (!extra.only) {
    for (const r of resources) {
      if (r.resourceType !== STACK_TYPE || !view.byId.has(r.physicalId)) continue;
      changes.push({
        ...ordinary(r, 'TemplateURL'),
        child: planStack(view, st, view.byId.get(r.physicalId)!, now, from, to),
      });
    }
    for (const r of pickPlain(resources)) changes.push(ordinary(r, 'Code'));
  }
  for (const spec of extra.specs) {
    const r = resources.find(x => x.logicalId === spec.logicalId);
    if (!r) continue;
    const change = fromSpec(st, stack, r, spec);
    const at = changes.findIndex(c => c.logicalId === spec.logicalId);
    if (at >= 0) changes[at] = change;
    else changes.push(change);
  }
  const order = Object.keys(stack.template.Resources);
  const position = (id: string) => {
    const i = order.indexOf(id);
    return i < 0 ? order.length : i;
  };
  return {stack, changes: stableSortBy(changes, c => position(c.logicalId))};
}

function ordinary(r: Picked, property: string): PlannedChange {
  return {
    action: 'Modify',
    logicalId: r.logicalId,
    physicalId: r.physicalId,
    resourceType: r.resourceType,
    replacement: 'False',
    details: [{name: property, requiresRecreation: 'Never'}],
  };
}

function fromSpec(st: AccountState, stack: WorldStack, r: Picked, spec: ChangeSpec): PlannedChange {
  const base = {logicalId: r.logicalId, physicalId: r.physicalId, resourceType: r.resourceType};
  // PolicyAction (API reference, ResourceChange): Delete "The resource will be deleted", ReplaceAndDelete "The resource
  // will be replaced and then deleted".
  if (spec.action === 'Remove') return {...base, action: 'Remove', replacement: null, details: [], policyAction: 'Delete'};
  const replacement = spec.replacement ?? 'False';
  return {
    ...base,
    action: 'Modify',
    replacement,
    details: spec.target ? [{name: spec.target.name, requiresRecreation: spec.target.requiresRecreation}] : [],
    ...(replacement === 'False' ? {} : {policyAction: 'ReplaceAndDelete' as const}),
    ...(replacement === 'True' ? {newPhysicalId: `${stack.name}-${r.logicalId}-${st.random.upperAlnum(12)}`.slice(0, 64)} : {}),
  };
}

/** A plan's changes as DescribeChangeSet lists them; `nested` gives a nested stack's change set ARN. */
function renderChanges(plan: StackPlanned, nested: Map<string, string>): Result[] {
  return plan.changes.map(c => ({
    Type: 'Resource',
    ResourceChange: {
      PolicyAction: c.policyAction,
      Action: c.action,
      LogicalResourceId: c.logicalId,
      PhysicalResourceId: c.physicalId,
      ResourceType: c.resourceType,
      Replacement: c.replacement ?? undefined,
      Scope: c.details.length > 0 ? ['Properties'] : [],
      Details: c.details.map(d => ({
        Target: {Attribute: 'Properties', Name: d.name, RequiresRecreation: d.requiresRecreation},
        Evaluation: 'Static',
        ChangeSource: 'DirectModification',
      })),
      ChangeSetId: c.child ? nested.get(c.child.stack.stackId) : undefined,
    },
  }));
}

// ---------------------------------------------------------------------------------------------------------------

const DescribeChangeSet: QueryHandler = (p, ctx) => {
  const st = accountState(ctx.view.world);
  const cs = findChangeSet(p, ctx.view, ctx.now);
  const s = changeSetStatus(st, cs, ctx.now);
  const ready = ctx.now >= cs.readyAt;
  return {
    ChangeSetName: cs.name,
    ChangeSetId: cs.id,
    StackId: cs.stackId,
    StackName: cs.stackName,
    Description: cs.description || undefined,
    Parameters: Object.entries(cs.resolved).map(([ParameterKey, ParameterValue]) => ({ParameterKey, ParameterValue})),
    CreationTime: isoTime(cs.createdAt),
    ExecutionStatus: s.execution,
    Status: s.status,
    StatusReason: s.reason,
    NotificationARNs: [],
    RollbackConfiguration: {},
    Capabilities: cs.capabilities,
    Tags: cs.tags ? Object.entries(cs.tags).map(([Key, Value]) => ({Key, Value})) : undefined,
    Changes: ready ? cs.changes : [],
    IncludeNestedStacks: cs.includeNested,
    ParentChangeSetId: cs.parentId ?? undefined,
    RootChangeSetId: cs.rootId ?? undefined,
  };
};

const ExecuteChangeSet: QueryHandler = (p, ctx) => {
  const {view, now} = ctx;
  const st = accountState(view.world);
  const cs = findChangeSet(p, view, now);
  const s = changeSetStatus(st, cs, now);
  if (s.status !== 'CREATE_COMPLETE' || s.execution !== 'AVAILABLE') {
    const what = s.status === 'CREATE_COMPLETE' ? s.execution : s.status;
    throw new SimError('InvalidChangeSetStatus', `ChangeSet [${cs.id}] cannot be executed in its current status of [${what}]`);
  }
  const stack = view.byId.get(cs.stackId)!;
  if (cs.type !== 'CREATE') assertSettled(view, stack, now);
  cs.executedAt = now;
  // ExecuteChangeSet (API reference): "When you execute a change set, CloudFormation deletes all other change sets
  // associated with the stack because they aren't valid for the updated stack." Executed ones stay describable.
  for (const other of st.changeSets) {
    if (other !== cs && other.rootId === null && other.stackId === cs.stackId && other.executedAt === null && !other.deleted) {
      deleteHierarchy(st, other);
    }
  }
  if (cs.type === 'CREATE') {
    executeCreate(view, st, cs, now);
    return {};
  }
  const index = st.changeSets.filter(c => c.rootId === null).indexOf(cs);
  cs.run = playUpdate(
    view,
    st,
    {
      stack,
      plan: cs.plan!,
      templateUrl: cs.templateUrl,
      template: cs.template,
      resolved: cs.resolved,
      tags: cs.tags,
      // Timings are keyed by what is executed, not by the change set's name (which carries the caller's clock).
      key: `${stack.stackId}/${cs.templateUrl}/${index}`,
    },
    now,
  );
  return {};
};

const DeleteChangeSet: QueryHandler = (p, ctx) => {
  const st = accountState(ctx.view.world);
  const cs = findChangeSet(p, ctx.view, ctx.now);
  if (cs.rootId !== null) {
    // The user guide: "The delete action must be executed from the root change set." (The error's wording is the sim's.)
    throw new SimError('InvalidChangeSetStatus', `ChangeSet [${cs.id}] is a nested change set: delete its root change set [${cs.rootId}]`);
  }
  if (cs.executedAt !== null && cs.run && ctx.now < cs.run.endAt) {
    throw new SimError('InvalidChangeSetStatus', `ChangeSet [${cs.id}] cannot be deleted in its current status of [EXECUTE_IN_PROGRESS]`);
  }
  deleteHierarchy(st, cs);
  return {};
};

/**
 * ListChangeSets (API reference): "Returns the ID and status of each active change set for a stack": deleted change
 * sets and executed ones are not listed. Oldest first, 100 a page.
 */
const ListChangeSets: QueryHandler = (p, ctx) => {
  const st = accountState(ctx.view.world);
  const stack = liveStack(p, ctx.view, ctx.now);
  const listed = st.changeSets.filter(c => c.stackId === stack.stackId && !c.deleted && c.createdAt <= ctx.now && rootOf(st, c).executedAt === null);
  const token = p.get('NextToken');
  let start = 0;
  if (token) {
    const index = decodeToken(token, 'changesets', stack.stackId);
    if (index === null) throw validation('Invalid NextToken');
    start = index;
  }
  const page = listed.slice(start, start + PAGE);
  return {
    Summaries: page.map(c => {
      const s = changeSetStatus(st, c, ctx.now);
      return {
        StackId: c.stackId,
        StackName: c.stackName,
        ChangeSetId: c.id,
        ChangeSetName: c.name,
        ExecutionStatus: s.execution,
        Status: s.status,
        StatusReason: s.reason,
        CreationTime: isoTime(c.createdAt),
        Description: c.description || undefined,
        IncludeNestedStacks: c.includeNested,
        ParentChangeSetId: c.parentId ?? undefined,
        RootChangeSetId: c.rootId ?? undefined,
      };
    }),
    NextToken: start + PAGE < listed.length ? encodeToken({kind: 'changesets', scope: stack.stackId, index: start + PAGE}) : undefined,
  };
};

export const changeSetActions: Record<string, QueryHandler> = {CreateChangeSet, DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet, ListChangeSets};

/**
 * Starts an update nobody in the story's present executed (a scenario's "someone else is already upgrading"): plans
 * it as a change set would and plays it from `at`. Returns when it ends.
 */
export function startUpdate(
  view: WorldView,
  stack: WorldStack,
  update: {templateUrl: string; template: TemplateDoc | null; resolved: Record<string, string>},
  at: number,
): UpdateRun {
  const st = accountState(view.world);
  const plan = planStack(view, st, stack, at, versionInUrl(st.templateUrls.get(stack.stackId) ?? ''), versionInUrl(update.templateUrl));
  return playUpdate(view, st, {stack, plan, ...update, tags: null, key: `${stack.stackId}/${update.templateUrl}/out-of-band`}, at);
}
