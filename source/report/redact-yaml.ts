// YAML templates, read as YAML: a NoEcho parameter or its default may be written in any YAML shape (a block
// scalar, a flow mapping, quoted, anchored), which no line-based reading gets right. The yaml package parses the
// template with CloudFormation's short-form intrinsics as tags; redaction then replaces the source text of each
// removed value only (the rest of the template keeps its text, comments and layout) and checks the result still
// parses to the same template with the values replaced. A template yaml cannot parse gets the line-based pass.
import {isMap, isNode, isScalar, parseDocument, visit, type Document, type Node, type Tags} from 'yaml';
import {REDACTED, isPlaceholder} from './redact-placeholders.js';
import {isSecretName} from './secret-names.js';

/** CloudFormation's short-form intrinsic functions (`!Ref X`, `!If [c, a, b]`, `!Transform {Name: ...}`). */
export const CFN_INTRINSICS = [
  'Ref',
  'Sub',
  'GetAtt',
  'If',
  'Equals',
  'Join',
  'Select',
  'Split',
  'FindInMap',
  'ImportValue',
  'Base64',
  'Cidr',
  'GetAZs',
  'Not',
  'And',
  'Or',
  'Condition',
  'Transform',
  'ToJsonString',
  'Length',
  'ForEach',
  'ValueOf',
] as const;

/** Each intrinsic in scalar, sequence and mapping form, kept as the node it is (only the values matter here). */
const CFN_TAGS: Tags = CFN_INTRINSICS.flatMap(name => [
  {tag: `!${name}`, resolve: (value: string) => value},
  {tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => value},
  {tag: `!${name}`, collection: 'map' as const, resolve: (value: unknown) => value},
]);

/** A template parsed as CloudFormation YAML; null when yaml reports an error. */
export function parseCfnYaml(text: string): Document.Parsed | null {
  try {
    const doc = parseDocument(text, {customTags: CFN_TAGS, uniqueKeys: false, prettyErrors: false});
    return doc.errors.length === 0 ? doc : null;
  } catch {
    return null;
  }
}

export interface YamlParameter {
  name: string;
  noEcho: boolean;
  /** The Default node, when there is one. */
  default: Node | null;
}

function scalarText(node: unknown): string | null {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : null;
}

/** NoEcho: true, 'true', "True": CloudFormation takes the string as well as the boolean. */
function isTrue(node: unknown): boolean {
  return scalarText(node)?.toLowerCase() === 'true';
}

/** The declared parameters of a parsed template, in order. */
export function yamlParameters(doc: Document.Parsed): YamlParameter[] {
  const params = doc.get('Parameters', true);
  if (!isMap(params)) return [];
  const out: YamlParameter[] = [];
  for (const pair of params.items) {
    const name = scalarText(pair.key);
    if (!name || !isMap(pair.value)) continue;
    const decl = pair.value;
    const def = decl.get('Default', true);
    out.push({name, noEcho: isTrue(decl.get('NoEcho', true)), default: isNode(def) ? def : null});
  }
  return out;
}

/** The NoEcho parameters a YAML template declares (the line-based reading when yaml cannot parse it). */
export function yamlNoEchoKeys(text: string): string[] {
  const doc = parseCfnYaml(text);
  if (!doc) return lineNoEchoKeys(text);
  return yamlParameters(doc)
    .filter(p => p.noEcho)
    .map(p => p.name);
}

export interface TemplatePolicy {
  /** Whether a parameter's default goes (not on the allow-list, or NoEcho whatever the list says). */
  redactDefault(name: string, noEcho: boolean): boolean;
  /** Told of each removed value: a default (with its parameter) or a secret-named value (parameter null). */
  removed(value: string, parameter: {name: string; noEcho: boolean} | null): void;
}

/** The text of a removed value: a scalar's value, a collection's scalars joined by lines. */
function valueText(node: Node): string {
  if (isScalar(node)) return String(node.value ?? '');
  const parts: string[] = [];
  visit(node, {Scalar: (_k, s) => void parts.push(String(s.value ?? ''))});
  return parts.join('\n');
}

/** A plain literal worth removing: not a reference (`!Ref`, `{{resolve:...}}`), an ARN or empty. */
function isLiteralSecret(node: unknown): node is Node {
  if (!isScalar(node) || node.tag || typeof node.value !== 'string') return false;
  const v = node.value;
  return v !== '' && !isPlaceholder(v) && !v.startsWith('arn:') && !v.startsWith('{{resolve:');
}

/**
 * Redacts a YAML template: the defaults the policy says go, every secret-named literal (`MasterUserPassword:
 * hunter2`, a Mappings entry) and the Value of a secret-named Key/Value tag. Returns the new text, or null when
 * yaml cannot parse the template or the edit cannot be checked.
 */
export function redactYamlTemplate(text: string, policy: TemplatePolicy): string | null {
  const doc = parseCfnYaml(text);
  if (!doc) return null;
  const targets = new Map<Node, {parameter: string | null}>();
  // Reported only once the edit is known to hold (a fallback reports its own).
  const removals: [string, {name: string; noEcho: boolean} | null][] = [];
  for (const p of yamlParameters(doc)) {
    const def = p.default;
    if (!def || valueText(def) === '' || (isScalar(def) && isPlaceholder(String(def.value)))) continue;
    if (!policy.redactDefault(p.name, p.noEcho)) continue;
    removals.push([valueText(def), {name: p.name, noEcho: p.noEcho}]);
    targets.set(def, {parameter: p.name});
  }
  visit(doc, {
    Pair(_key, pair) {
      const key = scalarText(pair.key);
      if (key && isSecretName(key) && isLiteralSecret(pair.value) && !targets.has(pair.value)) {
        removals.push([valueText(pair.value), null]);
        targets.set(pair.value, {parameter: null});
      }
    },
    Map(_key, map) {
      const tagKey = scalarText(map.get('Key', true));
      const value = map.get('Value', true);
      if (tagKey && isSecretName(tagKey) && isLiteralSecret(value) && !targets.has(value)) {
        removals.push([valueText(value), null]);
        targets.set(value, {parameter: null});
      }
    },
  });
  if (targets.size === 0) return text;
  const expected = [...targets.values()].map(t => t.parameter).filter((n): n is string => n !== null);
  const report = (out: string): string => {
    for (const [value, parameter] of removals) policy.removed(value, parameter);
    return out;
  };
  const spliced = spliceValues(text, [...targets.keys()]);
  if (spliced !== null && checks(spliced, expected, targets.size)) return report(spliced);
  // The Document API rewrites the layout, not the values: used only when a splice could not be checked.
  for (const node of targets.keys()) {
    if (isScalar(node)) {
      node.value = REDACTED;
      node.type = 'QUOTE_SINGLE';
    }
  }
  visit(doc, {
    Pair(_key, pair) {
      if (isNode(pair.value) && targets.has(pair.value) && !isScalar(pair.value)) pair.value = doc.createNode(REDACTED);
    },
  });
  const rewritten = doc.toString({lineWidth: 0});
  return checks(rewritten, expected, targets.size) ? report(rewritten) : null;
}

/** Replaces each node's source text by `'<redacted>'`, keeping what followed it on its line (a newline). */
function spliceValues(text: string, nodes: Node[]): string | null {
  const ranges = nodes.map(n => n.range);
  if (ranges.some(r => !r)) return null;
  const sorted = (ranges as [number, number, number][]).slice().sort((a, b) => b[0] - a[0]);
  let out = text;
  let previousStart = Infinity;
  for (const [start, end] of sorted) {
    if (end > previousStart) return null;
    const tail = /\s*$/.exec(out.slice(start, end))![0];
    out = `${out.slice(0, start)}'${REDACTED}'${tail}${out.slice(end)}`;
    previousStart = start;
  }
  return out;
}

/** The edit parses, each redacted default reads REDACTED, and as many values read REDACTED as were replaced. */
function checks(text: string, parameters: string[], replaced: number): boolean {
  const doc = parseCfnYaml(text);
  if (!doc) return false;
  const defaults = new Map(yamlParameters(doc).map(p => [p.name, p.default]));
  if (!parameters.every(name => scalarText(defaults.get(name)) === REDACTED)) return false;
  let count = 0;
  visit(doc, {Scalar: (_k, s) => void (s.value === REDACTED && count++)});
  return count >= replaced;
}

// The line-based reading, for templates yaml cannot parse: block-style parameters only.

/** Walks the `Parameters:` section: yields [line index, parameter name] per line. */
function* parameterLines(lines: string[]): Generator<[number, string | null]> {
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
    const name = /^ {1,4}['"]?([A-Za-z0-9]+)['"]?:\s*(#.*)?$/.exec(line);
    if (name) current = name[1]!;
    yield [i, current];
  }
}

function lineNoEchoKeys(text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  for (const [i, name] of parameterLines(lines)) {
    if (name && /^\s+NoEcho:\s*['"]?true['"]?\s*(#.*)?$/i.test(lines[i]!)) out.push(name);
  }
  return out;
}

/** Replaces one-line defaults of the Parameters section (what a template yaml cannot parse still shows). */
export function redactTemplateLines(text: string, policy: TemplatePolicy): string {
  const noEcho = new Set(lineNoEchoKeys(text));
  const lines = text.split('\n');
  for (const [i, name] of parameterLines(lines)) {
    const m = /^(\s+)(Default:\s*)(.+?)\s*$/.exec(lines[i]!);
    if (!m || !name || !policy.redactDefault(name, noEcho.has(name))) continue;
    let raw = m[3]!.replace(/^(['"])(.*)\1$/, '$2');
    // A block scalar: its lines are the ones indented deeper than `Default:`.
    if (/^[|>][-+0-9]*$/.test(raw)) {
      let end = i + 1;
      while (end < lines.length && (lines[end]!.trim() === '' || lines[end]!.search(/\S/) > m[1]!.length)) end++;
      raw = lines
        .slice(i + 1, end)
        .map(l => l.trim())
        .join('\n')
        .trim();
      lines.splice(i + 1, end - i - 1, ...Array(end - i - 1).fill(''));
    }
    if (raw === '' || isPlaceholder(raw)) continue;
    policy.removed(raw, {name, noEcho: noEcho.has(name)});
    lines[i] = `${m[1]}${m[2]}'${REDACTED}'`;
  }
  return lines.join('\n');
}
