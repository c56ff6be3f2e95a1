// Redaction of a support bundle: what must not leave the account. Four passes over plain JSON:
// 1. structure: parameter values (except the non-secret Panther parameters), NoEcho values (wherever the key is
//    known as NoEcho: template summaries, templates, `****` in DescribeStacks), template defaults, outputs whose key
//    says secret; 2. the exact values removed in pass 1 that are secret-like, wherever else they appear;
// 3. secret-looking strings anywhere (AWS secret keys, session tokens, private keys, passwords and tokens in
//    key=value text, credentials in URLs); 4. with maskAccount, every 12-digit account ID, consistently.
import {PARAMETERS} from '../panther/parameters.js';

export const REDACTED = '<redacted>';

/**
 * Parameters whose values are identifiers or settings, never secrets: kept so a replayed ladder plans the same.
 * Not FirstUserEmail: a person's address is personal data a support bundle has no use for (read on the first
 * deploy only, no plan depends on it).
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
}

/** Keys of outputs (and key=value text) that name a secret. */
const SECRET_KEY = /(password|passwd|passphrase|secret|token|api[_-]?key|private[_-]?key|credential)/i;

interface Pattern {
  re: RegExp;
  replace: string | ((...m: string[]) => string);
}

/** Secret-looking text. Every pattern keeps stack IDs, event IDs, ARNs and RequestTokens intact. */
const SECRET_PATTERNS: Pattern[] = [
  {re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, replace: '<redacted private key>'},
  {re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, replace: REDACTED},
  // STS session tokens (their usual prefixes) and any long base64 run.
  {re: /\b(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|AgoJb3JpZ2lu|FQoGZXIvYXdz)[A-Za-z0-9/+=]{16,}/g, replace: REDACTED},
  {re: /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{100,}={0,2}/g, replace: REDACTED},
  // AWS secret access keys: 40 base64 characters with upper, lower and digits (a hex digest has no upper case).
  {
    re: /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    replace: REDACTED,
  },
  // Access key IDs are not secret, but a bundle has no use for them.
  {re: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, replace: (_m, prefix) => `${prefix}XXXXXXXXXXXXXXXX`},
  {re: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, replace: REDACTED},
  {re: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, replace: REDACTED},
  {re: /\b[sr]k_live_[A-Za-z0-9]{16,}/g, replace: REDACTED},
  {re: /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]{12,}=*/g, replace: (_m, kind) => `${kind} ${REDACTED}`},
  // user:password@ in URLs.
  {re: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:)([^\s@/]+)(@)/gi, replace: (_m, a, _p, c) => `${a}${REDACTED}${c}`},
  // password=..., "secret": "...", sessionToken: ... (not RequestToken/NextToken, not arn:...:secret:name).
  {
    re: /((?:password|passwd|passphrase|pwd|(?<![a-z:/])secret|client[_-]?secret|secret[_-]?access[_-]?key|(?<![a-z:/])(?:access[_-]?|session[_-]?|refresh[_-]?|auth[_-]?|id[_-]?|bearer[_-]?)?token|api[_-]?key|private[_-]?key)["']?\s*[:=]\s*["']?)(?!<redacted|\*{3,}|HIDDEN_DUE_TO_SECURITY_REASONS)([^\s"',;&)}\]<>]{3,})/gi,
    replace: (_m, key) => `${key}${REDACTED}`,
  },
];

/** Applies the secret patterns to one string; counts replacements. */
export function redactSecrets(text: string, counter?: {n: number}): string {
  let out = text;
  for (const {re, replace} of SECRET_PATTERNS) {
    out = out.replace(re, (...m: any[]) => {
      if (counter) counter.n++;
      return typeof replace === 'string' ? replace : replace(...(m as string[]));
    });
  }
  return out;
}

const ACCOUNT = /(?<![0-9])[0-9]{12}(?![0-9])/g;

/** 000000000000, 111111111111, ... 999999999999, then 000000000010, 000000000011, ... */
export function accountMask(index: number): string {
  return index < 10 ? String(index).repeat(12) : String(index).padStart(12, '0');
}

/** Replaces every string of a JSON value (object keys kept); `key` is the field holding the string. */
function mapStrings(value: unknown, f: (s: string, key: string) => string, key = ''): unknown {
  if (typeof value === 'string') return f(value, key);
  if (Array.isArray(value)) return value.map(v => mapStrings(v, f, key));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, f, k);
    return out;
  }
  return value;
}

/** Pagination tokens are long opaque base64: not secrets, and not worth counting as such. */
const OPAQUE_FIELDS = new Set(['NextToken', 'nextToken']);

function walkObjects(value: unknown, visit: (obj: Record<string, any>) => void): void {
  if (Array.isArray(value)) for (const v of value) walkObjects(v, visit);
  else if (value && typeof value === 'object') {
    visit(value as Record<string, any>);
    for (const v of Object.values(value)) walkObjects(v, visit);
  }
}

/** Parameters declared NoEcho anywhere in the recorded responses (template summaries, templates, `****`). */
function noEchoKeys(root: unknown): Set<string> {
  const keys = new Set<string>();
  walkObjects(root, obj => {
    if (typeof obj.ParameterKey === 'string' && (obj.NoEcho === true || obj.ParameterValue === '****')) keys.add(obj.ParameterKey);
    if (typeof obj.TemplateBody === 'string') {
      const doc = parseJson(obj.TemplateBody);
      const params = doc?.Parameters;
      if (params && typeof params === 'object') {
        for (const [k, decl] of Object.entries(params as Record<string, any>)) {
          if (decl && (decl.NoEcho === true || decl.NoEcho === 'true')) keys.add(k);
        }
      } else {
        for (const k of yamlNoEchoKeys(obj.TemplateBody)) keys.add(k);
      }
    }
  });
  return keys;
}

function parseJson(text: string): Record<string, any> | null {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' ? v : null;
  } catch {
    return null;
  }
}

/** Walks the `Parameters:` section of a YAML template: yields [line index, parameter name] per line. */
function* yamlParameterLines(lines: string[]): Generator<[number, string | null]> {
  let inParams = false;
  let current: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^Parameters:\s*(#.*)?$/.test(line)) {
      inParams = true;
      continue;
    }
    if (inParams && /^\S/.test(line)) inParams = false;
    if (!inParams) continue;
    const name = /^ {1,4}([A-Za-z0-9]+):\s*(#.*)?$/.exec(line);
    if (name) current = name[1]!;
    yield [i, current];
  }
}

function yamlNoEchoKeys(body: string): string[] {
  const lines = body.split('\n');
  const out: string[] = [];
  for (const [i, name] of yamlParameterLines(lines)) {
    if (name && /^\s+NoEcho:\s*['"]?true['"]?\s*$/i.test(lines[i]!)) out.push(name);
  }
  return out;
}

/**
 * Redacts a whole bundle-like value (any plain JSON): returns the redacted copy and what was removed.
 * The structure pass sees every response at once, so a key seen as NoEcho in one call is redacted in all.
 */
export function redactJson<T>(value: T, options: RedactOptions = {}): {value: T; counts: RedactionCounts} {
  const allow = options.allowParameters ?? ALLOWED_PARAMETERS;
  const counts: RedactionCounts = {parameters: 0, noEcho: 0, secrets: 0, accounts: 0};
  const copy = JSON.parse(JSON.stringify(value)) as T;
  const noEcho = noEchoKeys(copy);
  const removed = new Set<string>();
  const remember = (v: unknown) => {
    if (typeof v === 'string' && v.length >= 4 && v !== REDACTED && !/^\*+$/.test(v)) removed.add(v);
  };

  // 1. Structure.
  walkObjects(copy, obj => {
    if (typeof obj.ParameterKey === 'string') {
      const key = obj.ParameterKey;
      const isNoEcho = noEcho.has(key);
      const keep = allow.has(key) && !isNoEcho;
      for (const field of ['ParameterValue', 'ResolvedValue', 'DefaultValue']) {
        const v = obj[field];
        if (typeof v !== 'string' || keep || v === '' || /^\*+$/.test(v)) continue;
        if (isNoEcho || SECRET_KEY.test(key)) remember(v);
        obj[field] = REDACTED;
        if (isNoEcho) counts.noEcho++;
        else counts.parameters++;
      }
    }
    if (typeof obj.OutputKey === 'string' && typeof obj.OutputValue === 'string') {
      if (SECRET_KEY.test(obj.OutputKey) && !obj.OutputValue.startsWith('arn:') && obj.OutputValue !== '') {
        remember(obj.OutputValue);
        obj.OutputValue = REDACTED;
        counts.secrets++;
      }
    }
    if (typeof obj.TemplateBody === 'string') {
      obj.TemplateBody = redactTemplateBody(obj.TemplateBody, allow, noEcho, remember, counts);
    }
  });

  // 2 and 3. The removed values wherever else they appear, then secret-looking text.
  const secrets = [...removed].sort((a, b) => b.length - a.length);
  const counter = {n: 0};
  let out = mapStrings(copy, (s, key) => {
    if (OPAQUE_FIELDS.has(key)) return s;
    let text = s;
    for (const secret of secrets) {
      if (text.includes(secret)) {
        text = text.split(secret).join(REDACTED);
        counter.n++;
      }
    }
    return redactSecrets(text, counter);
  });
  counts.secrets += counter.n;

  // 4. Account IDs.
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

function redactTemplateBody(
  body: string,
  allow: ReadonlySet<string>,
  noEcho: ReadonlySet<string>,
  remember: (v: unknown) => void,
  counts: RedactionCounts,
): string {
  const doc = parseJson(body);
  if (doc) {
    const params = doc.Parameters;
    if (!params || typeof params !== 'object') return body;
    let changed = false;
    for (const [key, decl] of Object.entries(params as Record<string, any>)) {
      if (!decl || typeof decl !== 'object' || decl.Default === undefined || decl.Default === '') continue;
      if (allow.has(key) && !noEcho.has(key)) continue;
      if (noEcho.has(key) || SECRET_KEY.test(key)) remember(String(decl.Default));
      decl.Default = REDACTED;
      changed = true;
      if (noEcho.has(key)) counts.noEcho++;
      else counts.parameters++;
    }
    return changed ? JSON.stringify(doc, null, 2) : body;
  }
  const lines = body.split('\n');
  for (const [i, name] of yamlParameterLines(lines)) {
    const m = /^(\s+Default:\s*)(.+?)\s*$/.exec(lines[i]!);
    if (!m || !name || (allow.has(name) && !noEcho.has(name))) continue;
    const raw = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
    if (raw === '') continue;
    if (noEcho.has(name) || SECRET_KEY.test(name)) remember(raw);
    lines[i] = `${m[1]}'${REDACTED}'`;
    if (noEcho.has(name)) counts.noEcho++;
    else counts.parameters++;
  }
  return lines.join('\n');
}
