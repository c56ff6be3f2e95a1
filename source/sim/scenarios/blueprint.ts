// A small vocabulary to describe a stack's resources the way real templates group them (a Lambda with its role, log
// group and alarms; a queue with its dead-letter queue...), so generated stacks read like real ones.

export interface ResourceSpec {
  logicalId: string;
  type: string;
  deps: string[];
  /** Overrides the type's typical timing. */
  createMs?: number;
  deleteMs?: number;
  notBefore?: number;
  fail?: {at?: number; reason: string};
  /** DeletionPolicy Retain (DELETE_SKIPPED when its stack rolls back or is deleted). */
  retain?: boolean;
  /** Fixed physical id (e.g. a named role or bucket). */
  physicalId?: string;
  /** For AWS::CloudFormation::Stack: the child's blueprint. */
  child?: StackBlueprint;
}

export interface StackBlueprint {
  logicalId: string;
  /** Friendly name used in the Stack tag, e.g. panther-core. */
  friendly: string;
  description: string;
  resources: ResourceSpec[];
  parameters?: Record<string, string>;
  outputs?: Record<string, string>;
}

export class Blueprint {
  readonly resources: ResourceSpec[] = [];

  add(logicalId: string, type: string, deps: string[] = [], extra: Partial<ResourceSpec> = {}): string {
    this.resources.push({logicalId, type, deps, ...extra});
    return logicalId;
  }

  /** A Lambda function with the pieces Panther's templates give each one. */
  lambda(name: string, deps: string[] = [], extra: Partial<ResourceSpec> = {}): string {
    const role = this.add(`${name}FunctionRole`, 'AWS::IAM::Role', deps);
    const logs = this.add(`${name}LogGroup`, 'AWS::Logs::LogGroup');
    this.add(`${name}MemoryMetricFilter`, 'AWS::Logs::MetricFilter', [logs]);
    const fn = this.add(`${name}Function`, 'AWS::Lambda::Function', [role, logs, ...deps], extra);
    this.add(`${name}ErrorsAlarm`, 'AWS::CloudWatch::Alarm', [fn]);
    return fn;
  }

  queue(name: string): string {
    const dlq = this.add(`${name}DeadLetterQueue`, 'AWS::SQS::Queue');
    const q = this.add(`${name}Queue`, 'AWS::SQS::Queue', [dlq]);
    this.add(`${name}QueuePolicy`, 'AWS::SQS::QueuePolicy', [q]);
    this.add(`${name}DeadLetterAlarm`, 'AWS::CloudWatch::Alarm', [dlq]);
    return q;
  }

  topic(name: string): string {
    const t = this.add(`${name}Topic`, 'AWS::SNS::Topic');
    this.add(`${name}TopicPolicy`, 'AWS::SNS::TopicPolicy', [t]);
    return t;
  }

  table(name: string): string {
    const t = this.add(`${name}Table`, 'AWS::DynamoDB::Table');
    this.add(`${name}TableThrottlesAlarm`, 'AWS::CloudWatch::Alarm', [t]);
    return t;
  }

  bucket(name: string, deps: string[] = [], extra: Partial<ResourceSpec> = {}): string {
    const b = this.add(`${name}Bucket`, 'AWS::S3::Bucket', deps, extra);
    this.add(`${name}BucketPolicy`, 'AWS::S3::BucketPolicy', [b]);
    return b;
  }

  stack(child: StackBlueprint, deps: string[] = []): string {
    return this.add(child.logicalId, 'AWS::CloudFormation::Stack', deps, {child});
  }

  build(logicalId: string, friendly: string, description: string, extra: Partial<StackBlueprint> = {}): StackBlueprint {
    return {logicalId, friendly, description, resources: this.resources, ...extra};
  }
}
