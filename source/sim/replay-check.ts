// A bundle is a file from someone else: before the sim serves it, every field the SDK will parse is checked, so a
// bad one is one line naming the call, the item and the field (exit 2), not the SDK's deserializer text (exit 3)
// or a crash on an object where a list belongs.
import type {ReplaySource} from './replay.js';

type Json = Record<string, unknown>;

export class ReplayFieldError extends Error {}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
};

interface FieldRules {
  /** Required strings. */
  strings: readonly string[];
  /** Optional strings. */
  optionalStrings?: readonly string[];
  /** Required dates. */
  dates?: readonly string[];
  optionalDates?: readonly string[];
}

/** The lists the replay reads, per recorded call, and what each item must hold. */
const LISTS: Record<string, {list: string; item: string; rules: FieldRules}> = {
  'CloudFormation.DescribeStacks': {
    list: 'Stacks',
    item: 'stack',
    rules: {strings: ['StackId', 'StackName', 'StackStatus'], optionalStrings: ['ParentId', 'RootId', 'StackStatusReason', 'Description'], dates: ['CreationTime'], optionalDates: ['LastUpdatedTime', 'DeletionTime']},
  },
  'CloudFormation.ListStacks': {
    list: 'StackSummaries',
    item: 'stack summary',
    rules: {strings: ['StackId', 'StackName', 'StackStatus'], optionalStrings: ['ParentId', 'RootId', 'TemplateDescription'], dates: ['CreationTime'], optionalDates: ['LastUpdatedTime', 'DeletionTime']},
  },
  'CloudFormation.DescribeStackEvents': {
    list: 'StackEvents',
    item: 'event',
    rules: {
      strings: ['EventId', 'StackId'],
      optionalStrings: ['StackName', 'LogicalResourceId', 'PhysicalResourceId', 'ResourceType', 'ResourceStatus', 'ResourceStatusReason', 'OperationId'],
      dates: ['Timestamp'],
    },
  },
  'CloudTrail.LookupEvents': {
    list: 'Events',
    item: 'CloudTrail event',
    rules: {strings: ['EventId'], optionalStrings: ['EventName', 'EventSource', 'Username', 'CloudTrailEvent', 'AccessKeyId'], dates: ['EventTime']},
  },
};

function checkItem(where: string, item: unknown, rules: FieldRules): void {
  if (!isObject(item)) throw new ReplayFieldError(`${where} is ${show(item)}, not an object`);
  for (const k of rules.strings) if (typeof item[k] !== 'string') throw new ReplayFieldError(`${where}: ${k} is ${show(item[k])}, not a string`);
  for (const k of rules.optionalStrings ?? []) {
    if (item[k] !== undefined && item[k] !== null && typeof item[k] !== 'string') throw new ReplayFieldError(`${where}: ${k} is ${show(item[k])}, not a string`);
  }
  const date = (k: string, required: boolean) => {
    const v = item[k];
    if (v === undefined || v === null) {
      if (required) throw new ReplayFieldError(`${where}: ${k} is missing`);
      return;
    }
    const t = typeof v === 'string' || typeof v === 'number' ? new Date(v).getTime() : NaN;
    if (!Number.isFinite(t)) throw new ReplayFieldError(`${where}: ${k} is ${show(v)}, not a date`);
  };
  for (const k of rules.dates ?? []) date(k, true);
  for (const k of rules.optionalDates ?? []) date(k, false);
}

/** Throws a ReplayFieldError naming the first field the replay could not serve. */
export function checkRecordedCalls(source: ReplaySource): void {
  source.calls.forEach((call, index) => {
    const where = `call ${index + 1}`;
    if (!isObject(call) || typeof call.service !== 'string' || typeof call.operation !== 'string') {
      throw new ReplayFieldError(`${where} has no service and operation`);
    }
    const spec = LISTS[`${call.service}.${call.operation}`];
    if (!spec || call.output === undefined || call.output === null || call.error) return;
    if (!isObject(call.output)) throw new ReplayFieldError(`${where} (${call.operation}): output is ${show(call.output)}, not an object`);
    const list = call.output[spec.list];
    if (list === undefined) return;
    if (!Array.isArray(list)) throw new ReplayFieldError(`${where} (${call.operation}): ${spec.list} is ${show(list)}, not a list`);
    list.forEach((item, i) => checkItem(`${where} (${call.operation}), ${spec.item} ${i + 1}`, item, spec.rules));
  });
}
