// Small builders for stacks and events: a scenario reads as a list of `at(minute).resource(...)` lines.
import type {ResourceChangeInput} from '../../source/domain/change-review.js';
import type {Stack, StackEvent, TrailEvent} from '../../source/domain/types.js';
import {buildEvent, buildStack} from '../support/builders.js';

const BASE = Date.parse('2024-05-01T10:00:00.000Z');
export const t = (minute: number): string => new Date(BASE + minute * 60_000).toISOString();

let seq = 0;
export const arnOf = (name: string, region = 'us-east-1') =>
  `arn:aws:cloudformation:${region}:123456789012:stack/${name}/${name.length.toString(16).padStart(8, '0')}-0000-0000-0000-000000000000`;

export function stack(name: string, over: Partial<Stack> = {}): Stack {
  return buildStack(arnOf(name), name, t(0), over);
}

/** Events of one stack, oldest first. */
export class Events {
  readonly list: StackEvent[] = [];
  constructor(
    readonly name: string,
    readonly stackId = arnOf(name),
  ) {}

  /** The stack's own event. */
  self(minute: number, status: string, reason = '', operationId: string | null = null): this {
    return this.push(minute, this.name, this.stackId, 'AWS::CloudFormation::Stack', status, reason, operationId);
  }
  /** A resource event. */
  res(minute: number, logicalId: string, type: string, status: string, reason = '', physicalId = ''): this {
    return this.push(minute, logicalId, physicalId, type, status, reason, null);
  }
  /** A nested stack resource event (physical ID = the child's ARN). */
  nested(minute: number, logicalId: string, child: Events | string, status: string, reason = ''): this {
    const physical = typeof child === 'string' ? child : child.stackId;
    return this.push(minute, logicalId, physical, 'AWS::CloudFormation::Stack', status, reason, null);
  }
  private push(
    minute: number,
    logicalId: string,
    physicalId: string,
    type: string,
    status: string,
    reason: string,
    operationId: string | null,
  ): this {
    const eventId = `${this.name}-${++seq}`;
    this.list.push(
      buildEvent(
        {stackId: this.stackId, stackName: this.name},
        {eventId, logicalId, physicalId, type, status, reason, timestamp: t(minute), operationId},
      ),
    );
    return this;
  }
}

export function trailEvent(over: Partial<TrailEvent>): TrailEvent {
  return {
    eventId: `trail-${++seq}`,
    eventTime: t(0),
    eventSource: 's3.amazonaws.com',
    eventName: 'PutBucketEncryption',
    errorCode: 'AccessDenied',
    errorMessage: '',
    principal: 'arn:aws:sts::123456789012:assumed-role/PantherDeploymentRole/AWSCloudFormation',
    invokedBy: 'cloudformation.amazonaws.com',
    sourceIp: 'cloudformation.amazonaws.com',
    userAgent: 'cloudformation.amazonaws.com',
    awsRegion: 'us-east-1',
    ...over,
  };
}

export const embedded = (child: Events, verb = 'created', tail = 'The following resource(s) failed to create: [Bucket]. ') =>
  `Embedded stack ${child.stackId} was not successfully ${verb}: ${tail}`;

/** A resource change as DescribeChangeSet gives it (Modify, no replacement, its code changed), with `extra` on top. */
export function resourceChange(logicalId: string, resourceType: string, extra: Partial<ResourceChangeInput> = {}): ResourceChangeInput {
  return {
    action: 'Modify',
    logicalId,
    physicalId: `${logicalId}-phys`,
    resourceType,
    replacement: 'False',
    details: [{attribute: 'Properties', name: 'Code', requiresRecreation: 'Never'}],
    policyAction: '',
    nestedChangeSetId: null,
    ...extra,
  };
}
