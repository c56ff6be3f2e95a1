// The JSON services that hold what a rollback retains: DynamoDB DescribeTable (awsJson1_0), CloudWatch Logs
// DescribeLogGroups and KMS DescribeKey (awsJson1_1), over the world's retained contents. What is not there answers
// with the service's own not-found error.
import {SimError} from './errors.js';
import type {World} from './world.js';

export type DataService = 'dynamodb' | 'logs' | 'kms';

export interface DataTarget {
  service: DataService;
  operation: string;
  contentType: string;
}

const TARGETS: ReadonlyArray<[RegExp, DataService, string]> = [
  [/^DynamoDB_20120810\.(\w+)$/, 'dynamodb', 'application/x-amz-json-1.0'],
  [/^Logs_20140328\.(\w+)$/, 'logs', 'application/x-amz-json-1.1'],
  [/^TrentService\.(\w+)$/, 'kms', 'application/x-amz-json-1.1'],
];

/** The service and operation an X-Amz-Target names, when it is one of these three. */
export function dataTarget(target: string): DataTarget | null {
  for (const [pattern, service, contentType] of TARGETS) {
    const m = pattern.exec(target);
    if (m) return {service, operation: m[1]!, contentType};
  }
  return null;
}

/** The error's `__type` as each service spells it (DynamoDB qualifies it with its namespace). */
export function dataErrorType(service: DataService, code: string): string {
  return service === 'dynamodb' ? `com.amazonaws.dynamodb.v20120810#${code}` : code;
}

const seconds = (ms: number) => ms / 1000;

function requireString(input: Record<string, unknown>, field: string): string {
  const v = input[field];
  if (typeof v !== 'string' || v === '') {
    throw new SimError(
      'ValidationException',
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return v;
}

function describeTable(world: World, input: Record<string, unknown>): unknown {
  const name = requireString(input, 'TableName');
  const table = world.retainedContents?.tables?.[name];
  if (!table) throw new SimError('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`);
  return {
    Table: {
      TableName: name,
      TableArn: `arn:aws:dynamodb:${world.region}:${world.account}:table/${name}`,
      TableId: `${name.length.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
      TableStatus: 'ACTIVE',
      CreationDateTime: seconds(table.createdAt),
      // DynamoDB updates both about every six hours.
      ItemCount: table.itemCount,
      TableSizeBytes: table.sizeBytes,
      KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}],
      AttributeDefinitions: [{AttributeName: 'id', AttributeType: 'S'}],
      BillingModeSummary: {BillingMode: 'PAY_PER_REQUEST'},
      ProvisionedThroughput: {NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0},
      DeletionProtectionEnabled: false,
    },
  };
}

function describeLogGroups(world: World, input: Record<string, unknown>): unknown {
  const prefix = typeof input.logGroupNamePrefix === 'string' ? input.logGroupNamePrefix : '';
  const limit = input.limit === undefined ? 50 : Number(input.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
    throw new SimError(
      'InvalidParameterException',
      "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
  }
  const names = Object.keys(world.retainedContents?.logGroups ?? {})
    .filter(n => n.startsWith(prefix))
    .sort();
  const token = typeof input.nextToken === 'string' ? input.nextToken : null;
  const from = token ? names.findIndex(n => n > Buffer.from(token, 'base64url').toString('utf8')) : 0;
  const start = from < 0 ? names.length : from;
  const page = names.slice(start, start + limit);
  const more = start + limit < names.length;
  return {
    logGroups: page.map(name => {
      const g = world.retainedContents!.logGroups![name]!;
      const arn = `arn:aws:logs:${world.region}:${world.account}:log-group:${name}`;
      return {
        logGroupName: name,
        creationTime: g.createdAt,
        metricFilterCount: 0,
        arn: `${arn}:*`,
        logGroupArn: arn,
        storedBytes: g.storedBytes,
        logGroupClass: 'STANDARD',
      };
    }),
    ...(more ? {nextToken: Buffer.from(page.at(-1)!, 'utf8').toString('base64url')} : {}),
  };
}

function describeKey(world: World, input: Record<string, unknown>): unknown {
  const ref = requireString(input, 'KeyId');
  // A key id, or its ARN.
  const id = ref.replace(/^arn:aws[\w-]*:kms:[^:]*:\d+:key\//, '');
  const key = world.retainedContents?.keys?.[id];
  const arn = `arn:aws:kms:${world.region}:${world.account}:key/${id}`;
  if (!key) throw new SimError('NotFoundException', `Key '${arn}' does not exist`);
  return {
    KeyMetadata: {
      AWSAccountId: world.account,
      KeyId: id,
      Arn: arn,
      CreationDate: seconds(key.createdAt),
      Enabled: key.state === 'Enabled',
      Description: key.description,
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: key.state,
      ...(key.deletionDate !== undefined ? {DeletionDate: seconds(key.deletionDate)} : {}),
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    },
  };
}

const HANDLERS: Record<DataService, Record<string, (world: World, input: Record<string, unknown>) => unknown>> = {
  dynamodb: {DescribeTable: describeTable},
  logs: {DescribeLogGroups: describeLogGroups},
  kms: {DescribeKey: describeKey},
};

/** The JSON answer to one call; throws a SimError for the service's errors. */
export function handleDataService(world: World, target: DataTarget, body: string): unknown {
  const handler = Object.hasOwn(HANDLERS[target.service], target.operation) ? HANDLERS[target.service][target.operation] : undefined;
  if (!handler) throw new SimError('UnknownOperationException', `The simulated account does not serve ${target.operation}`);
  let input: unknown;
  try {
    input = body ? JSON.parse(body) : {};
  } catch {
    throw new SimError('SerializationException', 'Malformed JSON body');
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new SimError('SerializationException', 'The body must be a JSON object');
  return handler(world, input as Record<string, unknown>);
}
