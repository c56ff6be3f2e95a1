// A bundle is a file from someone else: before the sim serves it, every field of a recorded answer that the replay
// reads (and the SDK then parses) is checked against these zod schemas, so a bad one is one line naming the call,
// the item and the field (exit 2), not the SDK's deserializer text (exit 3) or a crash on an object where a list
// belongs. Unknown fields and calls are served as recorded, unchecked: the replay never reads them.
import * as z from 'zod/mini';
import {checkWith, jsonPath, problem} from '../text/schema-issue.js';
import type {ReplaySource} from './replay.js';

export class ReplayFieldError extends Error {}

const text = z.nullish(z.string());
const requiredText = z.string();
const date = z.custom<string | number>(v => (typeof v === 'string' || typeof v === 'number') && Number.isFinite(new Date(v).getTime()), {
  error: 'a date',
});
const list = <T extends z.core.SomeType>(item: T) => z.nullish(z.array(item));
const object = <T extends z.core.$ZodLooseShape>(shape: T) => z.looseObject(shape);
const pairs = (key: string, value: string) => list(object({[key]: text, [value]: text}));

const StackSchema = object({
  StackId: requiredText,
  StackName: requiredText,
  StackStatus: requiredText,
  ParentId: text,
  RootId: text,
  StackStatusReason: text,
  Description: text,
  RoleARN: text,
  CreationTime: date,
  LastUpdatedTime: z.nullish(date),
  DeletionTime: z.nullish(date),
  Parameters: pairs('ParameterKey', 'ParameterValue'),
  Tags: pairs('Key', 'Value'),
  Outputs: pairs('OutputKey', 'OutputValue'),
  LastOperations: pairs('OperationId', 'OperationType'),
  Capabilities: list(z.string()),
});

const StackSummarySchema = object({
  StackId: requiredText,
  StackName: requiredText,
  StackStatus: requiredText,
  ParentId: text,
  RootId: text,
  TemplateDescription: text,
  CreationTime: date,
  LastUpdatedTime: z.nullish(date),
  DeletionTime: z.nullish(date),
  LastOperations: pairs('OperationId', 'OperationType'),
});

const StackEventSchema = object({
  EventId: requiredText,
  StackId: requiredText,
  StackName: text,
  LogicalResourceId: text,
  PhysicalResourceId: text,
  ResourceType: text,
  ResourceStatus: text,
  ResourceStatusReason: text,
  OperationId: text,
  Timestamp: date,
});

const TrailEventSchema = object({
  EventId: requiredText,
  EventName: text,
  EventSource: text,
  Username: text,
  CloudTrailEvent: text,
  AccessKeyId: text,
  ReadOnly: z.nullish(z.union([z.string(), z.boolean()])),
  EventTime: date,
  Resources: list(object({ResourceType: text, ResourceName: text})),
});

const TemplateParameterSchema = object({
  ParameterKey: requiredText,
  ParameterType: text,
  DefaultValue: text,
  Description: text,
  NoEcho: z.nullish(z.boolean()),
});

/** Per recorded call the replay reads: the schema of its answer, and what one item of its list is called. */
const ANSWERS: Record<string, {schema: z.core.$ZodType; list?: string; item?: string}> = {
  'CloudFormation.DescribeStacks': {schema: object({Stacks: list(StackSchema)}), list: 'Stacks', item: 'stack'},
  'CloudFormation.ListStacks': {schema: object({StackSummaries: list(StackSummarySchema)}), list: 'StackSummaries', item: 'stack summary'},
  'CloudFormation.DescribeStackEvents': {schema: object({StackEvents: list(StackEventSchema)}), list: 'StackEvents', item: 'event'},
  'CloudTrail.LookupEvents': {schema: object({Events: list(TrailEventSchema)}), list: 'Events', item: 'CloudTrail event'},
  'CloudFormation.GetTemplate': {schema: object({TemplateBody: text})},
  'CloudFormation.GetTemplateSummary': {
    schema: object({Parameters: list(TemplateParameterSchema), ResourceTypes: list(z.string()), Version: text, Description: text}),
    list: 'Parameters',
    item: 'parameter',
  },
  'STS.GetCallerIdentity': {schema: object({Account: text, Arn: text, UserId: text})},
};

const CallSchema = object({service: requiredText, operation: requiredText});

/** Throws a ReplayFieldError naming the first field the replay could not serve. */
export function checkRecordedCalls(source: ReplaySource): void {
  source.calls.forEach((call, index) => {
    const where = `call ${index + 1}`;
    if (!checkWith(CallSchema, call).ok) throw new ReplayFieldError(`${where} has no service and operation`);
    const answer = ANSWERS[`${call.service}.${call.operation}`];
    // An error's call has no answer to serve; neither has a call recorded without one.
    if (!answer || call.output === undefined || call.output === null || call.error) return;
    const checked = checkWith(answer.schema, call.output);
    if (checked.ok) return;
    const path = checked.issue.path;
    const place = path.length === 0 ? 'output' : answer.list && path[0] === answer.list && typeof path[1] === 'number' ? null : jsonPath(path);
    if (place) throw new ReplayFieldError(`${where} (${call.operation}): ${place} ${problem(checked.value, checked.issue.message)}`);
    // Inside an item of the answer's list: the item by its number, then its field.
    const item = `${where} (${call.operation}), ${answer.item} ${Number(path[1]) + 1}`;
    const field = path.slice(2);
    throw new ReplayFieldError(
      field.length === 0
        ? `${item} ${problem(checked.value, checked.issue.message)}`
        : `${item}: ${jsonPath(field)} ${problem(checked.value, checked.issue.message)}`,
    );
  });
}
