// The reads of `cleanup`: every resource a failed first deploy's rollback retained (DELETE_SKIPPED in the root and in
// every nested stack, deleted ones followed by ARN from their parent's events), then one read per resource of whether
// it still exists and what it holds: S3 ListObjectVersions (MaxKeys 1: versions and delete markers count), DynamoDB
// DescribeTable (ItemCount), CloudWatch Logs DescribeLogGroups (storedBytes; one listing for many groups), KMS
// DescribeKey (KeyState), IAM GetRole. Reads only. A read that is denied or fails is said for that resource and the
// others go on; expired credentials, throttling past retries and an unreachable endpoint end the command (exit 3).
import {CloudWatchLogsClient, DescribeLogGroupsCommand, type LogGroup} from '@aws-sdk/client-cloudwatch-logs';
import {DescribeTableCommand, DynamoDBClient} from '@aws-sdk/client-dynamodb';
import {GetRoleCommand, IAMClient} from '@aws-sdk/client-iam';
import {DescribeKeyCommand, KMSClient} from '@aws-sdk/client-kms';
import {ListObjectVersionsCommand, S3Client} from '@aws-sdk/client-s3';
import {retainedInEvents, type RetainedResource, type RetainedState} from '../domain/retained.js';
import {nestedStackIds} from '../domain/stack-from-events.js';
import type {Stack, StackEvent} from '../domain/types.js';
import {clientConfig, instrument, type AwsClients} from './clients.js';
import {clean, iso} from './convert.js';
import {isFatalFault, reasonOf} from './probe.js';
import type {Gateway} from './gateway.js';
import {RateLimiter} from './rate-limiter.js';

export interface RetainedClients {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  logs: CloudWatchLogsClient;
  kms: KMSClient;
  iam: IAMClient;
  destroy(): void;
}

/** Requests per second per service: CloudWatch Logs allows DescribeLogGroups 5/s per account and region. */
const RATES = {S3: 10, DynamoDB: 10, Logs: 5, KMS: 10, IAM: 5} as const;

/** The clients of the data services, configured like the others and counted on the same counter. */
export function createRetainedClients(
  clients: AwsClients,
  limiter: (perSecond: number) => RateLimiter = r => new RateLimiter(r, r),
): RetainedClients {
  const common = clientConfig(clients.settings);
  // Path-style, as preflight's: the sim (and S3-compatible endpoints) serve buckets under the endpoint's own host.
  const s3 = new S3Client({...common, forcePathStyle: true});
  const dynamodb = new DynamoDBClient(common);
  const logs = new CloudWatchLogsClient(common);
  const kms = new KMSClient(common);
  const iam = new IAMClient(common);
  const all = [
    [s3, 'S3'],
    [dynamodb, 'DynamoDB'],
    [logs, 'Logs'],
    [kms, 'KMS'],
    [iam, 'IAM'],
  ] as const;
  for (const [client, service] of all) {
    instrument(client, service, clients.counter, limiter(RATES[service]));
    clients.settings.recorder?.attach(client, service);
  }
  return {s3, dynamodb, logs, kms, iam, destroy: () => all.forEach(([client]) => client.destroy())};
}

/** A retained resource and where it was: the nested stacks from the root down to its stack ('' for the root). */
export interface FoundRetained extends RetainedResource {
  path: string;
}

/** Bounds: far above Panther's ~15 stacks and a few hundred log groups. */
const MAX_STACKS = 200;
const MAX_LOG_GROUP_PAGES = 10;

const GONE = new Set(['NoSuchBucket', 'ResourceNotFoundException', 'NotFoundException', 'NoSuchEntity', 'NoSuchEntityException']);

const GONE_STATE: RetainedState = {exists: false, empty: null, found: 'gone (deleted since)'};

/** One read: what it found; gone for the service's not-found error; "could not check" for any other that is not fatal. */
async function read(what: string, fn: () => Promise<RetainedState>): Promise<RetainedState> {
  try {
    return await fn();
  } catch (error) {
    if (GONE.has((error as {name?: string})?.name ?? '')) return GONE_STATE;
    if (isFatalFault(error)) throw error;
    return {exists: null, empty: null, found: `could not check: ${reasonOf(what, error)}`};
  }
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** The longest prefix every name shares. */
function commonPrefix(names: readonly string[]): string {
  let prefix = names[0] ?? '';
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

export class RetainedReader {
  constructor(
    private readonly gateway: Gateway,
    private readonly c: RetainedClients,
  ) {}

  /**
   * Every resource the root and its nested stacks retained, the root's first, then each level of nested stacks in the
   * order their parents' events name them. `rootEvents` are the root's (already read); the others are read by ARN.
   */
  async find(root: Stack, rootEvents: readonly StackEvent[], onProgress: (message: string) => void = () => undefined): Promise<FoundRetained[]> {
    const out: FoundRetained[] = retainedInEvents(rootEvents).map(r => ({...r, path: ''}));
    const seen = new Set([root.stackId]);
    let level: {stackId: string; path: string; events: readonly StackEvent[]}[] = [{stackId: root.stackId, path: '', events: rootEvents}];
    while (level.length > 0) {
      const children: {stackId: string; path: string}[] = [];
      for (const parent of level) {
        for (const [stackId, logicalId] of nestedStackIds(parent.events)) {
          if (seen.has(stackId) || seen.size >= MAX_STACKS) continue;
          seen.add(stackId);
          children.push({stackId, path: parent.path ? `${parent.path}/${logicalId}` : logicalId});
        }
      }
      if (children.length > 0) onProgress(`reading ${plural(children.length, 'nested stack')}`);
      level = await Promise.all(children.map(async child => ({...child, events: await this.gateway.allStackEvents(child.stackId)})));
      for (const child of level) out.push(...retainedInEvents(child.events).map(r => ({...r, path: child.path})));
    }
    return out;
  }

  /** What each resource's read found, in the same order; one read per distinct resource. */
  async states(resources: readonly RetainedResource[], onProgress: (message: string) => void = () => undefined): Promise<RetainedState[]> {
    const keyOf = (r: RetainedResource) => `${r.resourceType} ${r.physicalResourceId}`;
    const distinct = new Map<string, RetainedResource>();
    for (const r of resources) if (!distinct.has(keyOf(r))) distinct.set(keyOf(r), r);
    onProgress(`checking ${plural(distinct.size, 'retained resource')}`);
    const logGroups = await this.logGroups(
      [...distinct.values()].filter(r => r.resourceType === 'AWS::Logs::LogGroup').map(r => r.physicalResourceId),
    );
    const found = new Map<string, RetainedState>();
    await Promise.all(
      [...distinct].map(async ([key, r]) => {
        found.set(key, r.resourceType === 'AWS::Logs::LogGroup' ? logGroups.get(r.physicalResourceId)! : await this.state(r));
      }),
    );
    return resources.map(r => found.get(keyOf(r))!);
  }

  private state(r: RetainedResource): Promise<RetainedState> {
    const id = r.physicalResourceId;
    switch (r.resourceType) {
      case 'AWS::S3::Bucket':
        return read('s3:ListBucketVersions', () => this.bucket(id));
      case 'AWS::DynamoDB::Table':
        return read('dynamodb:DescribeTable', () => this.table(id));
      case 'AWS::KMS::Key':
        return read('kms:DescribeKey', () => this.key(id));
      case 'AWS::IAM::Role':
        return read('iam:GetRole', async () => {
          await this.c.iam.send(new GetRoleCommand({RoleName: id}));
          return {exists: true, empty: null, found: 'exists'};
        });
      default:
        return Promise.resolve({exists: null, empty: null, found: 'not checked (the console reads buckets, tables, log groups, keys and roles)'});
    }
  }

  /** One entry at most: any version or delete marker means it is not empty; a real version id means versioning. */
  private async bucket(name: string): Promise<RetainedState> {
    const out = await this.c.s3.send(new ListObjectVersionsCommand({Bucket: name, MaxKeys: 1}));
    const versions = out.Versions ?? [];
    const markers = out.DeleteMarkers ?? [];
    if (versions.length === 0 && markers.length === 0) return {exists: true, empty: true, found: 'empty (no object, no object version)'};
    const versioned = markers.length > 0 || versions.some(v => v.VersionId !== undefined && v.VersionId !== 'null');
    return {
      exists: true,
      empty: false,
      versioned,
      found: versioned ? 'not empty: holds object versions or delete markers (versioned)' : 'not empty: holds objects',
    };
  }

  private async table(name: string): Promise<RetainedState> {
    const table = (await this.c.dynamodb.send(new DescribeTableCommand({TableName: name}))).Table;
    if (table?.TableStatus === 'DELETING') return {exists: true, empty: null, pendingDeletion: true, found: 'being deleted (DELETING)'};
    const items = table?.ItemCount;
    if (items === undefined) return {exists: true, empty: null, found: 'exists (no ItemCount given)'};
    return {
      exists: true,
      empty: items === 0,
      found: `${plural(items, 'item')} (ItemCount is approximate: DynamoDB updates it about every 6 hours)`,
    };
  }

  private async key(id: string): Promise<RetainedState> {
    const meta = (await this.c.kms.send(new DescribeKeyCommand({KeyId: id}))).KeyMetadata;
    const state = clean(meta?.KeyState) || 'unknown';
    if (state === 'PendingDeletion' || state === 'PendingReplicaDeletion') {
      const when = meta?.DeletionDate ? ` on ${iso(meta.DeletionDate)}` : '';
      return {exists: true, empty: null, pendingDeletion: true, found: `already scheduled for deletion${when} (${state})`};
    }
    return {exists: true, empty: null, found: `KeyState ${state}`};
  }

  /**
   * Log groups by name: one listing under the names' common prefix when it ends within a few pages, else a lookup
   * per name (DescribeLogGroups finds by prefix: the exact name is picked out).
   */
  private async logGroups(names: readonly string[]): Promise<Map<string, RetainedState>> {
    const out = new Map<string, RetainedState>();
    if (names.length === 0) return out;
    const what = 'logs:DescribeLogGroups';
    const toState = (g: LogGroup | undefined): RetainedState => {
      if (!g) return GONE_STATE;
      const bytes = g.storedBytes ?? 0;
      return {
        exists: true,
        empty: bytes === 0,
        found: bytes === 0 ? 'no stored log data (storedBytes 0)' : `${plural(bytes, 'byte')} of log data stored`,
      };
    };
    const byPrefix = async (prefix: string, maxPages: number): Promise<{groups: Map<string, LogGroup>; complete: boolean}> => {
      const groups = new Map<string, LogGroup>();
      let token: string | undefined;
      for (let page = 0; page < maxPages; page++) {
        const res = await this.c.logs.send(
          new DescribeLogGroupsCommand({logGroupNamePrefix: prefix, limit: 50, ...(token ? {nextToken: token} : {})}),
        );
        for (const g of res.logGroups ?? []) if (g.logGroupName) groups.set(g.logGroupName, g);
        token = res.nextToken;
        if (!token) return {groups, complete: true};
      }
      return {groups, complete: false};
    };
    let listed: Awaited<ReturnType<typeof byPrefix>> | null = null;
    if (names.length > 1) {
      try {
        listed = await byPrefix(commonPrefix(names), MAX_LOG_GROUP_PAGES);
      } catch (error) {
        if (isFatalFault(error)) throw error;
        // Denied (or failed) for one is denied for all: said for each, without a call per name.
        const failed: RetainedState = {exists: null, empty: null, found: `could not check: ${reasonOf(what, error)}`};
        for (const name of names) out.set(name, failed);
        return out;
      }
    }
    await Promise.all(
      names.map(async name => {
        if (listed && (listed.complete || listed.groups.has(name))) out.set(name, toState(listed.groups.get(name)));
        else out.set(name, await read(what, async () => toState((await byPrefix(name, 1)).groups.get(name))));
      }),
    );
    return out;
  }
}
