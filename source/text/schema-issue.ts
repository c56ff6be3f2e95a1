// The pieces of a one-line message about a file the user gave: the value found at a place in it, and what that
// place must hold, from the first issue a zod schema reports. Each file's reader names the place in its own words
// (`[3].ParameterValue`, `entry 2`, `call 12 (DescribeStackEvents), event 3: Timestamp`).
import * as z from 'zod/mini';

export type Issue = z.core.$ZodIssue;
export type IssuePath = readonly PropertyKey[];

export type Checked<T> = {ok: true; data: T} | {ok: false; issue: Issue; value: unknown};

const TYPE_WORDS: Record<string, string> = {
  array: 'a list',
  object: 'an object',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  null: 'null',
  nonoptional: 'a value',
};

/** What an issue says must be there, in words: the schema's own message when it gave one, else one from its code. */
export function expectation(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map(v => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array' ? `at least ${issue.minimum} entries` : `at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' ? `at most ${issue.maximum} entries` : `at most ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'datetime' ? 'a time like "2026-11-02T15:00:00.000Z"' : `a ${issue.format}`;
    case 'invalid_key':
    case 'invalid_element':
      return issue.issues[0] ? expectation(issue.issues[0]) : 'a valid value';
    default:
      return 'a valid value';
  }
}

/**
 * Parses `data`; on failure, the first issue and the value the file holds at its place. A schema's own `error`
 * message is the expectation itself ("a string, a number or a boolean"); where it has none, one is made from the
 * issue (zod's default English never reaches a user).
 */
export function checkWith<T>(schema: z.core.$ZodType<T>, data: unknown): Checked<T> {
  const result = z.safeParse(schema, data, {error: iss => expectation(iss as Issue)});
  if (result.success) return {ok: true, data: result.data};
  const issue = result.error.issues[0]!;
  return {ok: false, issue, value: valueAt(data, issue.path)};
}

/** The value at `path` inside `data`; undefined when a step is missing. */
export function valueAt(data: unknown, path: IssuePath): unknown {
  let at: unknown = data;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** A value as a message quotes it: JSON, cut at 40 characters (a file can hold a megabyte on one line). */
export function quote(value: unknown): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** `Parameters[3].ParameterValue`: indexes in brackets, plain names after dots, any other key quoted in brackets. */
export function jsonPath(path: IssuePath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(key))) out += out ? `.${String(key)}` : String(key);
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** `is "soon", not a date` or `is missing: it must be a date`: the problem with a value, after its place. */
export function problem(value: unknown, expected: string): string {
  return value === undefined ? `is missing: it must be ${expected}` : `is ${quote(value)}, not ${expected}`;
}
