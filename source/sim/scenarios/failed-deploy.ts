// `failed-deploy`: the rolled-back first deploy with Panther's DeletionPolicy Retain on (buckets, tables, log groups,
// keys), and what those retained resources hold a while later: some buckets with objects (one versioned, with old
// versions and a delete marker), one deleted by hand since, one table with items and the others empty, one log group
// with bytes, one key already scheduled for deletion. The root stays in ROLLBACK_COMPLETE until someone deletes it.
import {isStackLevel, type World, type WorldContents, type WorldObjectVersion, type WorldStack} from '../world.js';
import {MIN} from './panther-catalog.js';
import {pantherWorld} from './panther-deploy.js';

export interface FailedDeployOptions {
  scenario: string;
  seed: number;
  t0: number;
}

interface Retained {
  stack: WorldStack;
  logicalId: string;
  physicalId: string;
  resourceType: string;
  /** When it was created (its first event). */
  createdAt: number;
}

/** Resources whose latest event is DELETE_SKIPPED, in every stack of the world. */
function retainedOf(world: World): Retained[] {
  const out: Retained[] = [];
  for (const stack of world.stacks) {
    const latest = new Map<string, {status: string; physicalId: string; resourceType: string; first: number}>();
    for (const e of stack.events) {
      if (isStackLevel(stack, e)) continue;
      const prior = latest.get(e.logicalId);
      latest.set(e.logicalId, {
        status: e.status,
        physicalId: e.physicalId || prior?.physicalId || '',
        resourceType: e.resourceType,
        first: prior?.first ?? e.time,
      });
    }
    for (const [logicalId, r] of latest) {
      if (r.status === 'DELETE_SKIPPED' && r.physicalId)
        out.push({stack, logicalId, physicalId: r.physicalId, resourceType: r.resourceType, createdAt: r.first});
    }
  }
  return out;
}

/** `count` objects under `prefix`, unversioned (version id 'null'), written after `from`. */
function objects(prefix: string, count: number, from: number, size: number): WorldObjectVersion[] {
  return Array.from({length: count}, (_, i) => ({
    key: `${prefix}${String(i).padStart(4, '0')}.json.gz`,
    versionId: 'null',
    isLatest: true,
    size: size + i * 17,
    lastModified: from + (i + 1) * 7_000,
  }));
}

export function failedDeployWorld(opts: FailedDeployOptions): World {
  const world = pantherWorld({scenario: opts.scenario, seed: opts.seed, t0: opts.t0, failures: true, retain: true});
  const retained = retainedOf(world);
  const byLogical = (id: string) => retained.find(r => r.logicalId === id);
  const end = Math.max(...world.stacks.map(s => s.events.at(-1)!.time));
  const contents: WorldContents = {objects: {}, tables: {}, logGroups: {}, keys: {}};
  const buckets: NonNullable<World['buckets']> = [];

  // Deleted by hand since the rollback: retained, and gone.
  const gone = byLogical('AthenaResultsBucket');
  const versioned = byLogical('ProcessedDataBucket');
  const withObjects = byLogical('AccessLogsBucket');
  for (const r of retained) {
    if (r.resourceType !== 'AWS::S3::Bucket' || r === gone) continue;
    buckets.push({name: r.physicalId, createdAt: r.createdAt, region: world.region});
  }
  if (withObjects) contents.objects![withObjects.physicalId] = objects('AWSLogs/access/', 3, withObjects.createdAt, 2048);
  if (versioned) {
    // A versioned bucket: current objects, an older version and a delete marker (rb --force alone would not empty it).
    const t = versioned.createdAt;
    contents.objects![versioned.physicalId] = [
      {
        key: 'logs/aws_cloudtrail/part-0001.json.gz',
        versionId: 'Vq0tgOhbQ1X5b7l2yC9mZ3aRk8sD4fE6',
        isLatest: true,
        size: 51_200,
        lastModified: t + 3 * MIN,
      },
      {
        key: 'logs/aws_cloudtrail/part-0001.json.gz',
        versionId: 'Ut9sfNgaP0W4a6k1xB8lY2zQj7rC3eD5',
        isLatest: false,
        size: 50_112,
        lastModified: t + 2 * MIN,
      },
      {
        key: 'logs/aws_cloudtrail/part-0002.json.gz',
        versionId: 'Ws1uhPicR2Y6c8m3zD0nA4bSl9tE5gF7',
        isLatest: true,
        deleteMarker: true,
        size: 0,
        lastModified: t + 5 * MIN,
      },
      {
        key: 'logs/aws_cloudtrail/part-0002.json.gz',
        versionId: 'Xt2viQjdS3Z7d9n4aE1oB5cTm0uF6hG8',
        isLatest: false,
        size: 48_004,
        lastModified: t + 4 * MIN,
      },
    ];
  }

  // Tables: Panther's analysis packs were loaded into one; the others stayed empty.
  for (const r of retained.filter(x => x.resourceType === 'AWS::DynamoDB::Table')) {
    const loaded = r.logicalId === 'AnalysisTable';
    contents.tables![r.physicalId] = {itemCount: loaded ? 412 : 0, sizeBytes: loaded ? 1_843_200 : 0, createdAt: r.createdAt};
  }
  // Log groups: one function ran (and logged) before the rollback.
  for (const r of retained.filter(x => x.resourceType === 'AWS::Logs::LogGroup')) {
    contents.logGroups![r.physicalId] = {storedBytes: r.logicalId === 'CfnLogGroup' ? 18_944 : 0, createdAt: r.createdAt};
  }
  // Keys: someone already scheduled the secrets key for deletion.
  for (const r of retained.filter(x => x.resourceType === 'AWS::KMS::Key')) {
    const pending = r.logicalId === 'SecretsKey';
    contents.keys![r.physicalId] = {
      state: pending ? 'PendingDeletion' : 'Enabled',
      createdAt: r.createdAt,
      description: `Panther ${r.logicalId}`,
      ...(pending ? {deletionDate: end + 7 * 24 * 60 * MIN} : {}),
    };
  }

  return {
    ...world,
    buckets,
    retainedContents: contents,
    facts: {
      ...world.facts,
      retained: {
        count: retained.length,
        goneBucket: gone?.physicalId ?? null,
        versionedBucket: versioned?.physicalId ?? null,
        bucketWithObjects: withObjects?.physicalId ?? null,
        loadedTable: byLogical('AnalysisTable')?.physicalId ?? null,
        logGroupWithBytes: byLogical('CfnLogGroup')?.physicalId ?? null,
        pendingKey: byLogical('SecretsKey')?.physicalId ?? null,
      },
    },
  };
}
