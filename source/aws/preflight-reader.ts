// The read-only calls of `preflight`: STS, CloudFormation, IAM, S3, Organizations and CloudTrail. IAM, S3 and
// Organizations clients are built here with the same settings as createClients (region, profile, endpoint,
// credentials, retries) and counted on the same counter; CloudTrail goes through the shared 2/s limiter. Every
// string that leaves this module is sanitised. A call the caller may not make becomes a Probe failure ("could not
// check"); expired credentials, throttling past retries and an unreachable endpoint are thrown (exit 3).
import {ListStackResourcesCommand} from '@aws-sdk/client-cloudformation';
import {LookupEventsCommand} from '@aws-sdk/client-cloudtrail';
import {GetRoleCommand, IAMClient, ListRolesCommand, SimulatePrincipalPolicyCommand, type Role} from '@aws-sdk/client-iam';
import {DescribeOrganizationCommand, OrganizationsClient} from '@aws-sdk/client-organizations';
import {ListBucketsCommand, S3Client} from '@aws-sdk/client-s3';
import {DENIED_CODES} from '../domain/access-denial.js';
import {legacyRoleNames, isDeploymentRoleStack} from '../panther/preflight/old-infrastructure.js';
import {KEY_EVENT_NAMES} from '../panther/preflight/organization.js';
import {CALLER_ACTIONS_WITH_ROLE, DEPLOY_ACTIONS} from '../panther/preflight/permissions.js';
import {
  probeFailed,
  probeOk,
  type BucketInfo,
  type DeniedEvent,
  type LeftoverStack,
  type PreflightFacts,
  type Probe,
  type RetainedResource,
  type RoleInfo,
  type Simulation,
  type SimulationResult,
  type StackInfo,
} from '../panther/preflight/types.js';
import {clientConfig, instrument, type AwsClients} from './clients.js';
import {clean, iso} from './convert.js';
import {attempt, isNoSuchEntity} from './probe.js';
import {decodeTrustDocument} from './role-trust.js';
import {toTrailEvent, type Gateway} from './gateway.js';
import {RateLimiter} from './rate-limiter.js';

export interface PreflightClients {
  iam: IAMClient;
  s3: S3Client;
  organizations: OrganizationsClient;
  destroy(): void;
}

/** IAM, S3 and Organizations clients configured like the others and counted on the same counter. */
export function createPreflightClients(clients: AwsClients): PreflightClients {
  const common = clientConfig(clients.settings);
  const iam = new IAMClient(common);
  // Path-style: the sim (and S3-compatible endpoints) serve ListBuckets at `GET /` of the endpoint itself.
  const s3 = new S3Client({...common, forcePathStyle: true});
  const organizations = new OrganizationsClient(common);
  instrument(iam, 'IAM', clients.counter, new RateLimiter(5, 5));
  instrument(s3, 'S3', clients.counter, new RateLimiter(5, 5));
  instrument(organizations, 'Organizations', clients.counter, new RateLimiter(2, 2));
  clients.settings.recorder?.attach(iam, 'IAM');
  clients.settings.recorder?.attach(s3, 'S3');
  clients.settings.recorder?.attach(organizations, 'Organizations');
  return {
    iam,
    s3,
    organizations,
    destroy: () => {
      iam.destroy();
      s3.destroy();
      organizations.destroy();
    },
  };
}

export interface ReadOptions {
  /** Look up SCP denials in CloudTrail (false with --no-cloudtrail). */
  cloudtrail: boolean;
  onProgress?: (message: string) => void;
}

/** Bounds, so a huge account cannot make preflight run for minutes. */
const MAX_STACK_PAGES = 50;
const MAX_ROLE_PAGES = 3;
const MAX_BUCKET_PAGES = 10;
const MAX_LEFTOVER_STACKS = 30;
const MAX_RESOURCE_PAGES = 5;
const MAX_RETAINED_ROLE_LOOKUPS = 10;

const LEFTOVER_ROOT_STATUSES = new Set(['DELETE_COMPLETE', 'ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'DELETE_FAILED']);

function toRole(role: Role | undefined): RoleInfo | null {
  if (!role?.RoleName) return null;
  return {
    name: clean(role.RoleName),
    arn: clean(role.Arn),
    createdAt: iso(role.CreateDate),
    ...(role.AssumeRolePolicyDocument ? {trust: decodeTrustDocument(role.AssumeRolePolicyDocument)} : {}),
  };
}

export class PreflightReader {
  constructor(
    private readonly clients: AwsClients,
    private readonly gateway: Gateway,
    private readonly extra: PreflightClients,
  ) {}

  async read(stackName: string, region: string, options: ReadOptions): Promise<PreflightFacts> {
    const progress = options.onProgress ?? (() => undefined);
    progress('reading the caller identity');
    const identity = await this.gateway.callerIdentity();
    // CloudTrail is the slow part (2 calls/s): start it first, alongside everything else.
    const denials = options.cloudtrail ? this.denials() : Promise.resolve(null);
    // Awaited last: until then a rejection must not count as unhandled (it still surfaces at the await below).
    denials.catch(() => undefined);
    progress('listing stacks, buckets and roles');
    const [stacks, buckets, organization] = await Promise.all([
      attempt('cloudformation:ListStacks', () => this.gateway.listStacks(MAX_STACK_PAGES)),
      attempt('s3:ListAllMyBuckets', () => this.listBuckets()),
      this.organization(),
    ]);
    const [deploymentRole, legacyRoles, leftovers] = await Promise.all([
      this.deploymentRole(region, stacks),
      Promise.all(legacyRoleNames(region).map(async name => ({name, probe: await this.role(name)}))),
      this.leftovers(stackName, stacks, buckets),
    ]);
    progress('simulating permissions');
    const simulations = await this.simulations(identity, deploymentRole);
    progress('looking up denied calls in CloudTrail');
    return {
      stackName,
      region,
      identity,
      stacks,
      deploymentRole,
      legacyRoles,
      buckets,
      leftovers,
      organization,
      denials: await denials,
      simulations,
    };
  }

  private async listBuckets(): Promise<BucketInfo[]> {
    const out: BucketInfo[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_BUCKET_PAGES; page++) {
      const res = await this.extra.s3.send(new ListBucketsCommand({MaxBuckets: 1000, ...(token ? {ContinuationToken: token} : {})}));
      for (const b of res.Buckets ?? []) if (b.Name) out.push({name: clean(b.Name), createdAt: iso(b.CreationDate)});
      token = res.ContinuationToken;
      if (!token) break;
    }
    return out;
  }

  /** GetRole by name: the role, null when there is none. */
  private role(name: string): Promise<Probe<RoleInfo | null>> {
    return attempt(`iam:GetRole ${name}`, async () => {
      try {
        return toRole((await this.extra.iam.send(new GetRoleCommand({RoleName: name}))).Role);
      } catch (error) {
        if (isNoSuchEntity(error)) return null;
        throw error;
      }
    });
  }

  /** The PantherDeploymentRole: GetRole of its usual name, else ListRoles (bounded), else the stack deploying it. */
  private async deploymentRole(region: string, stacks: Probe<StackInfo[]>): Promise<PreflightFacts['deploymentRole']> {
    const stack = stacks.ok ? (stacks.value.find(s => !s.parentId && s.status !== 'DELETE_COMPLETE' && isDeploymentRoleStack(s)) ?? null) : null;
    const byName = await this.role(`PantherDeploymentRole-${region}`);
    if (byName.ok && byName.value) return probeOk({role: byName.value, stack});
    const listed = await attempt('iam:ListRoles', async () => {
      let marker: string | undefined;
      for (let page = 0; page < MAX_ROLE_PAGES; page++) {
        const res = await this.extra.iam.send(new ListRolesCommand({MaxItems: 1000, ...(marker ? {Marker: marker} : {})}));
        const found = (res.Roles ?? []).find(r => r.RoleName?.startsWith('PantherDeploymentRole'));
        if (found) return toRole(found);
        marker = res.IsTruncated ? res.Marker : undefined;
        if (!marker) break;
      }
      return null;
    });
    if (listed.ok) return probeOk({role: listed.value, stack});
    if (stack) return probeOk({role: null, stack});
    return probeFailed(byName.ok ? listed.reason : byName.reason);
  }

  /** Earlier roots of this name (deleted or rolled back) and their deleted descendants, with retained resources. */
  private async leftovers(stackName: string, stacks: Probe<StackInfo[]>, buckets: Probe<BucketInfo[]>): Promise<Probe<LeftoverStack[]>> {
    if (!stacks.ok) return probeFailed(stacks.reason);
    const roots = stacks.value.filter(s => s.stackName === stackName && !s.parentId && LEFTOVER_ROOT_STATUSES.has(s.status));
    const rootIds = new Set(roots.map(r => r.stackId));
    const descendants = stacks.value.filter(s => s.rootId !== null && rootIds.has(s.rootId));
    const scanned = [...roots, ...descendants].slice(0, MAX_LEFTOVER_STACKS);
    const bucketNames = buckets.ok ? new Set(buckets.value.map(b => b.name)) : null;
    let roleLookups = 0;
    return attempt('cloudformation:ListStackResources', async () => {
      const out: LeftoverStack[] = [];
      for (const stack of scanned) {
        const retained: RetainedResource[] = [];
        let token: string | undefined;
        for (let page = 0; page < MAX_RESOURCE_PAGES; page++) {
          const res = await this.clients.cloudformation.send(
            new ListStackResourcesCommand({StackName: stack.stackId, ...(token ? {NextToken: token} : {})}),
          );
          for (const r of res.StackResourceSummaries ?? []) {
            if (r.ResourceStatus !== 'DELETE_SKIPPED' || !r.PhysicalResourceId) continue;
            retained.push({
              logicalId: clean(r.LogicalResourceId),
              physicalId: clean(r.PhysicalResourceId),
              resourceType: clean(r.ResourceType),
              status: r.ResourceStatus,
              exists: null,
            });
          }
          token = res.NextToken;
          if (!token) break;
        }
        for (const r of retained) {
          if (r.resourceType === 'AWS::S3::Bucket') r.exists = bucketNames ? bucketNames.has(r.physicalId) : null;
          else if (r.resourceType === 'AWS::IAM::Role' && roleLookups++ < MAX_RETAINED_ROLE_LOOKUPS) {
            const role = await this.role(r.physicalId);
            r.exists = role.ok ? role.value !== null : null;
          }
        }
        out.push({
          rootName: stackName,
          stackName: stack.stackName,
          stackId: stack.stackId,
          status: stack.status,
          deletedAt: stack.deletedAt,
          retained,
        });
      }
      return out;
    });
  }

  private organization(): Promise<PreflightFacts['organization']> {
    return attempt('organizations:DescribeOrganization', async () => {
      try {
        const org = (await this.extra.organizations.send(new DescribeOrganizationCommand({}))).Organization;
        return org ? {id: clean(org.Id), featureSet: clean(org.FeatureSet), managementAccountId: clean(org.MasterAccountId)} : null;
      } catch (error) {
        if ((error as {name?: string})?.name === 'AWSOrganizationsNotInUseException') return null;
        throw error;
      }
    });
  }

  /** One LookupEvents page (the 50 newest) per key event name, through the shared 2/s limiter. */
  private async denials(): Promise<NonNullable<PreflightFacts['denials']>> {
    const region = await this.clients.region();
    return attempt('cloudtrail:LookupEvents', async () => {
      const events: DeniedEvent[] = [];
      let read = 0;
      for (const name of KEY_EVENT_NAMES) {
        const res = await this.clients.cloudtrail.send(
          new LookupEventsCommand({LookupAttributes: [{AttributeKey: 'EventName', AttributeValue: name}], MaxResults: 50}),
        );
        for (const raw of res.Events ?? []) {
          read++;
          const e = toTrailEvent(raw, region);
          if (!DENIED_CODES.has(e.errorCode)) continue;
          events.push({
            eventTime: e.eventTime,
            eventName: e.eventName,
            eventSource: e.eventSource,
            errorCode: e.errorCode,
            errorMessage: e.errorMessage,
            principal: e.principal,
          });
        }
      }
      return {events, eventNames: [...KEY_EVENT_NAMES], read};
    });
  }

  /** The IAM ARN to simulate for the caller: the role behind an assumed-role session (path included), or the user. */
  private async callerPrincipal(arn: string): Promise<Probe<string>> {
    const assumed = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
    if (assumed) {
      const role = await this.role(assumed[3]!);
      if (role.ok && role.value) return probeOk(role.value.arn);
      if (role.ok) return probeFailed(`the role ${assumed[3]} of the session was not found`);
      return probeFailed(role.reason);
    }
    if (/^arn:aws[a-z-]*:iam::\d{12}:user\//.test(arn)) return probeOk(arn);
    if (/:root$/.test(arn)) return probeFailed("the account's root user is not subject to IAM policies and cannot be simulated");
    return probeFailed(`${arn} is not a user or an assumed role`);
  }

  private async simulations(identity: {arn: string}, deploymentRole: PreflightFacts['deploymentRole']): Promise<Probe<Simulation[]>> {
    const caller = await this.callerPrincipal(identity.arn);
    if (!caller.ok) return probeFailed(caller.reason);
    const role = deploymentRole.ok ? deploymentRole.value.role : null;
    const sims: Simulation[] = [
      {subject: 'caller', principalArn: caller.value, results: await this.simulate(caller.value, role ? CALLER_ACTIONS_WITH_ROLE : DEPLOY_ACTIONS)},
    ];
    if (role) sims.push({subject: 'deployment role', principalArn: role.arn, results: await this.simulate(role.arn, DEPLOY_ACTIONS)});
    // The caller may not simulate at all: one "could not check", not one per subject.
    if (sims.every(s => !s.results.ok)) return probeFailed((sims[0]!.results as {reason: string}).reason);
    return probeOk(sims);
  }

  private simulate(principalArn: string, actions: readonly string[]): Promise<Probe<SimulationResult[]>> {
    return attempt('iam:SimulatePrincipalPolicy', async () => {
      const out: SimulationResult[] = [];
      let marker: string | undefined;
      for (let page = 0; page < 10; page++) {
        const res = await this.extra.iam.send(
          new SimulatePrincipalPolicyCommand({PolicySourceArn: principalArn, ActionNames: [...actions], ...(marker ? {Marker: marker} : {})}),
        );
        for (const r of res.EvaluationResults ?? []) {
          const byOrg = r.OrganizationsDecisionDetail?.AllowedByOrganizations;
          out.push({action: clean(r.EvalActionName), decision: clean(r.EvalDecision), allowedByOrganizations: byOrg === undefined ? null : byOrg});
        }
        marker = res.IsTruncated ? res.Marker : undefined;
        if (!marker) break;
      }
      return out;
    });
  }
}
