// Redaction of a support bundle: what must not leave the account. Passes over plain JSON, in order:
// 1. strings holding JSON (CloudTrail records, JSON templates) are parsed in place, so the passes see their fields;
// 2. structure: parameter values (except the non-secret Panther parameters), NoEcho values always (wherever the key
//    is known as NoEcho: template summaries, templates in any YAML shape, `****` in DescribeStacks), template
//    defaults, and the values of secret-named outputs, tags and fields (redact-template.ts, secret-names.ts);
// 3. the values removed in pass 2, wherever else they appear (redact-values.ts);
// 4. secret-looking text anywhere (the table in secret-patterns.ts);
// 5. e-mail addresses, masked consistently (redact-email.ts); the Markdown summary once more as it reads
//    unescaped (redact-markdown.ts);
// 6. with maskAccount, every 12-digit account ID, consistently.
import {PARAMETERS} from '../panther/parameters.js';
import {EmailMasker} from './redact-email.js';
import {redactEscapedWords} from './redact-markdown.js';
import {REDACTED, isPlaceholder} from './redact-placeholders.js';
import {isTemplateField, redactTemplateBody, templateNoEchoKeys, type TemplatePolicy} from './redact-template.js';
import {EmbeddedJson, embedJson, mapStrings, unembedJson, walkObjects} from './redact-tree.js';
import {RemovedValues} from './redact-values.js';
import {OPAQUE_FIELDS, isSecretName} from './secret-names.js';
import {applySecretPatterns} from './secret-patterns.js';

/**
 * Parameters whose values are identifiers or settings, never secrets: kept so a replayed ladder plans the same.
 * Not FirstUserEmail: a person's address is personal data a support bundle has no use for (read on the first
 * deploy only, no plan depends on it). A parameter declared NoEcho is redacted even when listed here.
 */
export const ALLOWED_PARAMETERS: ReadonlySet<string> = new Set([
  ...PARAMETERS.filter(p => !p.secret && p.name !== 'FirstUserEmail').map(p => p.name),
  'PantherVersion',
]);

export interface RedactOptions {
  maskAccount?: boolean;
  allowParameters?: ReadonlySet<string>;
}

export interface RedactionCounts {
  parameters: number;
  noEcho: number;
  secrets: number;
  /** Distinct account IDs masked (0 without maskAccount). */
  accounts: number;
  /** Distinct e-mail addresses masked. */
  emails: number;
}

/** Applies the secret-pattern table (secret-patterns.ts) to one string; counts replacements. */
export function redactSecrets(text: string, counter?: {n: number}): string {
  return applySecretPatterns(text, counter);
}

const ACCOUNT = /(?<![0-9])[0-9]{12}(?![0-9])/g;

/** 000000000000, 111111111111, ... 999999999999, then 000000000010, 000000000011, ... */
export function accountMask(index: number): string {
  return index < 10 ? String(index).repeat(12) : String(index).padStart(12, '0');
}

/** A parameter's name and its values, as CloudFormation and CloudTrail (camelCase) spell them. */
const PARAMETER_KEYS = ['ParameterKey', 'parameterKey'];
const PARAMETER_VALUES = ['ParameterValue', 'ResolvedValue', 'DefaultValue', 'parameterValue', 'resolvedValue', 'defaultValue'];
/** Name/value pairs whose value is secret when the name says so: outputs and tags. */
const NAMED_VALUES: readonly [string, string][] = [
  ['OutputKey', 'OutputValue'],
  ['outputKey', 'outputValue'],
  ['Key', 'Value'],
  ['key', 'value'],
];

/**
 * Fields naming what the bundle is about (stack names and IDs, logical IDs, resource types, statuses, the
 * region): a removed value found inside one is not hunted elsewhere (redact-values.ts).
 */
const IDENTIFIER_FIELDS = new Set([
  'StackName',
  'StackId',
  'ParentId',
  'RootId',
  'LogicalResourceId',
  'ResourceType',
  'ResourceStatus',
  'StackStatus',
  'stack',
  'stackId',
  'region',
  'EventSource',
  'EventName',
  'eventSource',
  'eventName',
  'awsRegion',
]);

/** Markdown text, whose escaping hides a token from the patterns (redact-markdown.ts). */
const MARKDOWN_FIELDS = new Set(['summaryMarkdown']);

function parameterKeyOf(obj: Record<string, unknown>): string | null {
  for (const k of PARAMETER_KEYS) if (typeof obj[k] === 'string') return obj[k] as string;
  return null;
}

/** Parameters declared NoEcho anywhere in the recorded responses (template summaries, templates, `****`). */
function noEchoKeys(root: unknown): Set<string> {
  const keys = new Set<string>();
  walkObjects(root, obj => {
    const key = parameterKeyOf(obj);
    const masked = PARAMETER_VALUES.some(f => typeof obj[f] === 'string' && /^\*{3,}$/.test(obj[f]));
    if (key && (obj.NoEcho === true || obj.noEcho === true || masked)) keys.add(key);
    for (const [k, v] of Object.entries(obj)) if (isTemplateField(k)) for (const n of templateNoEchoKeys(v)) keys.add(n);
  });
  return keys;
}

function identifiers(root: unknown): string {
  const out: string[] = [];
  walkObjects(root, obj => {
    for (const [k, v] of Object.entries(obj)) if (IDENTIFIER_FIELDS.has(k) && typeof v === 'string') out.push(v);
  });
  // Distinct ones: the same stack ID stands on every event (100,000 copies in a large bundle).
  return [...new Set(out)].join('\n');
}

/** A value (not empty, not already a placeholder): a parameter's, which goes whatever it holds. */
function isValue(v: unknown): v is string | number | EmbeddedJson {
  if (v instanceof EmbeddedJson || typeof v === 'number') return true;
  return typeof v === 'string' && v !== '' && !isPlaceholder(v);
}

/**
 * A value a secret name holds: an ARN or a `{{resolve:...}}` reference names a secret, it is not one, and a flag
 * (CloudTrail's sessionCredentialFromConsole: "true") holds nothing.
 */
function removable(v: unknown): v is string | number | EmbeddedJson {
  return isValue(v) && !(typeof v === 'string' && (v.startsWith('arn:') || v.startsWith('{{resolve:') || /^(true|false)$/i.test(v)));
}

const textOf = (v: string | number | EmbeddedJson): string => (v instanceof EmbeddedJson ? v.toText() : String(v));

/**
 * Redacts a whole bundle-like value (any plain JSON): returns the redacted copy and what was removed.
 * The structure pass sees every response at once, so a key seen as NoEcho in one call is redacted in all.
 */
export function redactJson<T>(value: T, options: RedactOptions = {}): {value: T; counts: RedactionCounts} {
  const allow = options.allowParameters ?? ALLOWED_PARAMETERS;
  const counts: RedactionCounts = {parameters: 0, noEcho: 0, secrets: 0, accounts: 0, emails: 0};
  let tree = embedJson(JSON.parse(JSON.stringify(value)));
  const noEcho = noEchoKeys(tree);
  const removed = new RemovedValues(identifiers(tree));

  // 2. Structure.
  const policy: TemplatePolicy = {
    redactDefault: (name, declaredNoEcho) => declaredNoEcho || noEcho.has(name) || !allow.has(name) || isSecretName(name),
    removed: (v, parameter) => {
      // A default that is a secret (NoEcho, a secret name) goes everywhere; any other only as a whole token.
      removed.add(v, !parameter || parameter.noEcho || noEcho.has(parameter.name) || isSecretName(parameter.name));
      if (!parameter) counts.secrets++;
      else if (parameter.noEcho || noEcho.has(parameter.name)) counts.noEcho++;
      else counts.parameters++;
    },
  };
  walkObjects(tree, obj => {
    const handled = new Set<string>();
    const key = parameterKeyOf(obj);
    if (key !== null) {
      const isNoEcho = noEcho.has(key);
      // The allow-list never keeps a NoEcho value, nor one its name says is secret.
      const keep = allow.has(key) && !isNoEcho && !isSecretName(key);
      for (const field of PARAMETER_VALUES) {
        handled.add(field);
        const v = obj[field];
        if (keep || !isValue(v)) continue;
        removed.add(textOf(v), isNoEcho || isSecretName(key));
        obj[field] = REDACTED;
        if (isNoEcho) counts.noEcho++;
        else counts.parameters++;
      }
    }
    for (const [nameField, valueField] of NAMED_VALUES) {
      const name = obj[nameField];
      if (typeof name !== 'string') continue;
      handled.add(valueField);
      if (!isSecretName(name) || !removable(obj[valueField])) continue;
      removed.add(textOf(obj[valueField]));
      obj[valueField] = REDACTED;
      counts.secrets++;
    }
    for (const [k, v] of Object.entries(obj)) {
      if (isTemplateField(k)) obj[k] = redactTemplateBody(v, policy);
      else if (!handled.has(k) && isSecretName(k) && removable(v)) {
        removed.add(textOf(v));
        obj[k] = REDACTED;
        counts.secrets++;
      }
    }
  });

  // 3, 4 and 5. The removed values wherever else they appear, secret-looking text, e-mail addresses.
  const hunt = removed.replacer();
  const emails = new EmailMasker();
  const counter = {n: 0};
  const redactText = (s: string): string => emails.mask(applySecretPatterns(hunt(s, counter), counter));
  tree = mapStrings(tree, (s, key) => {
    if (OPAQUE_FIELDS.has(key)) return s;
    const out = redactText(s);
    return MARKDOWN_FIELDS.has(key) ? redactEscapedWords(out, redactText) : out;
  });
  counts.secrets += counter.n;
  counts.emails = emails.count;

  // 6. Account IDs, over the embedded JSON as text again: an ID can be a key or a number in it (a Mappings entry).
  let out = unembedJson(tree);
  if (options.maskAccount) {
    const masks = new Map<string, string>();
    out = mapStrings(out, s =>
      s.replace(ACCOUNT, id => {
        let mask = masks.get(id);
        if (!mask) {
          mask = accountMask(masks.size);
          masks.set(id, mask);
        }
        return mask;
      }),
    );
    counts.accounts = masks.size;
  }
  return {value: out as T, counts};
}
