// Every Panther root stack in profiles x regions (`deployments`, and the console's deployment picker): one client set
// per (profile, region), all listed at once, one rate limiter per profile (a profile is an account: its regions share
// the account's budget), then each deployment's version read once, however many profiles see it. A (profile, region)
// that cannot be read is reported with why, and the rest goes on. Calls: one ListStacks per region (more pages in a
// crowded one), one GetTemplate per Panther root; DescribeStacks only when a template names no version (its tags).
import type {StackStatus} from '@aws-sdk/client-cloudformation';
import type {AwsCredentialIdentity} from '@aws-sdk/types';
import {type Catalog, defaultCatalog} from '../panther/catalog.js';
import {
  mergeSightings,
  pantherRoots,
  toDeployment,
  type DeploymentsReport,
  type ListedStack,
  type MergedRoot,
  type Sighting,
  type UnreadableKind,
  type UnreadableTarget,
  type VersionSource,
} from '../panther/deployments.js';
import {detectVersion, VersionDetectionError} from '../panther/version.js';
import {sanitize} from '../text/sanitize.js';
import {createClients, type AwsClients, type RequestTimeouts} from './clients.js';
import {describeAwsError, explainFault, type AwsFault} from './errors.js';
import {ALL_STACK_STATUSES, Gateway} from './gateway.js';
import {deployedTemplateVersion} from './panther-version.js';
import {RateLimiter} from './rate-limiter.js';

/** A profile to read: its name as shown, and the name given to the SDK (none: the SDK's own chain). */
export interface ProfileTarget {
  label: string;
  /** Undefined: the SDK's default chain (AWS_PROFILE, else the default profile and the environment). */
  profile?: string;
  /** Static credentials instead of a profile (the embedded sim's accounts, told apart by access key). */
  credentials?: AwsCredentialIdentity;
}

export interface DeploymentsOptions {
  profiles: readonly ProfileTarget[];
  regions: readonly string[];
  /** Every call to this endpoint, whatever the profile. */
  endpointUrl?: string;
  catalog?: Catalog;
  /** CloudFormation requests per second per profile, all its regions together (default 8, bursts of twice that). */
  callsPerSecond?: number;
  maxAttempts?: number;
  timeouts?: Partial<RequestTimeouts>;
  /** Called as each (profile, region) is listed: how many of how many. */
  onProgress?: (done: number, total: number) => void;
}

/** Every status but DELETE_COMPLETE: a deleted stack is no deployment. */
const LIVE_STATUSES: readonly StackStatus[] = ALL_STACK_STATUSES.filter(s => s !== 'DELETE_COMPLETE');

interface RegionRead {
  target: ProfileTarget;
  region: string;
  clients: AwsClients;
  gateway: Gateway;
  listed: ListedStack[] | null;
  fault: AwsFault | null;
}

export async function readDeployments(options: DeploymentsOptions): Promise<DeploymentsReport> {
  const catalog = options.catalog ?? defaultCatalog();
  const rate = options.callsPerSecond ?? 8;
  const reads: RegionRead[] = options.profiles.flatMap(target => {
    const limiter = new RateLimiter(rate, rate * 2);
    return options.regions.map(region => {
      const clients = createClients({
        region,
        ...(target.profile ? {profile: target.profile} : {}),
        ...(target.credentials ? {credentials: target.credentials} : {}),
        ...(options.endpointUrl ? {endpointUrl: options.endpointUrl} : {}),
        ...(options.maxAttempts ? {maxAttempts: options.maxAttempts} : {}),
        ...(options.timeouts ? {timeouts: options.timeouts} : {}),
        cloudformationLimiter: limiter,
        // A profile named on purpose is read with its own credentials or reported as having none.
        localFallback: target.profile === undefined,
      });
      return {target, region, clients, gateway: new Gateway(clients), listed: null, fault: null};
    });
  });
  try {
    let done = 0;
    await Promise.all(
      reads.map(async read => {
        try {
          read.listed = await listLive(read.clients);
        } catch (error) {
          read.fault = describeAwsError(error);
        }
        options.onProgress?.(++done, reads.length);
      }),
    );
    const labels = options.profiles.map(p => p.label);
    const sightings: Sighting[] = reads.flatMap(r =>
      (r.listed ? pantherRoots(r.listed) : []).map(root => ({profile: r.target.label, region: r.region, root})),
    );
    const merged = mergeSightings(sightings, labels, options.regions);
    const warnings: string[] = [];
    const deployments = await Promise.all(
      merged.map(async m => {
        // Read through the first profile that sees it: one read per deployment.
        const read = reads.find(r => r.target.label === m.profiles[0] && r.region === m.region)!;
        const version = await readVersion(read, m, warnings);
        return toDeployment(m, version, catalog);
      }),
    );
    return {
      profiles: labels,
      regions: [...options.regions],
      deployments,
      unreadable: unreadableOf(reads),
      warnings,
      apiCalls: {cloudformation: reads.reduce((n, r) => n + r.clients.counter.total('CloudFormation'), 0)},
    };
  } finally {
    for (const r of reads) r.clients.destroy();
  }
}

/** The region's live stacks (nested ones included: they tell a Panther root). */
function listLive(clients: AwsClients): Promise<ListedStack[]> {
  return new Gateway(clients).listStacks(Infinity, LIVE_STATUSES);
}

/**
 * The deployed version: the root template's own (one GetTemplate), else the PantherVersion tags (the root's, else
 * one nested stack's: DescribeStacks). Null, with a warning, when neither names one or neither can be read.
 */
async function readVersion(read: RegionRead, merged: MergedRoot, warnings: string[]): Promise<{version: string; source: VersionSource} | null> {
  const {stack, nested} = merged.root;
  let failure: unknown = null;
  try {
    const fromTemplate = await deployedTemplateVersion(read.gateway, stack.stackId);
    if (fromTemplate) return {version: fromTemplate, source: 'template'};
  } catch (error) {
    failure = error;
  }
  try {
    const rootStack = await read.gateway.describeStack(stack.stackId);
    const child = rootStack && !rootStack.tags.PantherVersion && nested[0] ? await read.gateway.describeStack(nested[0].stackId) : null;
    const detected = detectVersion({rootStack, nestedStacks: child ? [child] : []});
    return {version: detected.version, source: 'tag'};
  } catch (error) {
    if (!(error instanceof VersionDetectionError)) failure ??= error;
  }
  const why = failure
    ? explainFault(describeAwsError(failure), {profile: read.target.label, region: read.region})
    : 'neither its template nor its PantherVersion tags name one';
  warnings.push(sanitize(`cannot read the version of ${stack.stackName} (${read.region}, profile ${read.target.label}): ${why}`));
  return null;
}

/** Codes AWS answers a region the account has not enabled with (an opt-in region): its token means nothing there. */
const UNKNOWN_TOKEN = new Set(['InvalidClientTokenId', 'UnrecognizedClientException']);

/** Each (profile, region) that could not be listed, with why, in the order asked. */
function unreadableOf(reads: readonly RegionRead[]): UnreadableTarget[] {
  return reads.flatMap(r => {
    if (!r.fault) return [];
    // The same credentials worked in another region: this one is not enabled for the account (opt-in regions).
    const readElsewhere = reads.some(o => o.target === r.target && o.listed !== null);
    const notEnabled = r.fault.code === 'OptInRequired' || (UNKNOWN_TOKEN.has(r.fault.code) && readElsewhere);
    const kind: UnreadableKind = notEnabled ? 'region-not-enabled' : kindOf(r.fault);
    const reason = notEnabled
      ? `${r.region} is not enabled for this account (${r.fault.code}): enable the region in the account's settings, or leave it out of --regions.`
      : explainFault(r.fault, {profile: r.target.profile ?? (r.target.label === 'default' ? null : r.target.label), region: r.region});
    return [{profile: r.target.label, region: r.region, reason: sanitize(reason), kind}];
  });
}

function kindOf(fault: AwsFault): UnreadableKind {
  switch (fault.kind) {
    case 'expired-credentials':
      return fault.code === 'CredentialsProviderError' && /could not load credentials/i.test(fault.message)
        ? 'no-credentials'
        : 'expired-credentials';
    case 'access-denied':
      return 'access-denied';
    case 'network':
      return 'unreachable';
    case 'throttled':
      return 'throttled';
    case 'bad-response':
      return 'bad-response';
    default:
      return 'other';
  }
}
