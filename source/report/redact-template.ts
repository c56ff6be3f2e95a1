// Templates inside the bundle (GetTemplate's TemplateBody, a CloudTrail CreateStack's templateBody): which
// parameters they declare NoEcho, and their defaults redacted. A JSON template arrives parsed (redact-tree.ts);
// anything else is read as YAML (redact-yaml.ts).
import {REDACTED, isPlaceholder} from './redact-placeholders.js';
import {EmbeddedJson} from './redact-tree.js';
import {redactTemplateLines, redactYamlTemplate, yamlNoEchoKeys, type TemplatePolicy} from './redact-yaml.js';

export type {TemplatePolicy};

/** Whether a field holds a template body (GetTemplate answers TemplateBody, CloudTrail records templateBody). */
export function isTemplateField(key: string): boolean {
  return key === 'TemplateBody' || key === 'templateBody';
}

type Declarations = Record<string, Record<string, unknown>>;

function jsonParameters(body: EmbeddedJson): Declarations {
  const params = (body.doc as {Parameters?: unknown} | null)?.Parameters;
  return params && typeof params === 'object' && !Array.isArray(params) ? (params as Declarations) : {};
}

const noEchoValue = (v: unknown): boolean => String(v).toLowerCase() === 'true';

export function templateNoEchoKeys(body: unknown): string[] {
  if (body instanceof EmbeddedJson) {
    return Object.entries(jsonParameters(body))
      .filter(([, decl]) => decl && typeof decl === 'object' && noEchoValue(decl.NoEcho))
      .map(([name]) => name);
  }
  return typeof body === 'string' ? yamlNoEchoKeys(body) : [];
}

/** The template with the defaults the policy removes replaced by REDACTED (the same value when none is). */
export function redactTemplateBody(body: unknown, policy: TemplatePolicy): unknown {
  if (body instanceof EmbeddedJson) {
    for (const [name, decl] of Object.entries(jsonParameters(body))) {
      if (!decl || typeof decl !== 'object' || decl.Default === undefined || decl.Default === null) continue;
      const value = typeof decl.Default === 'string' ? decl.Default : JSON.stringify(decl.Default);
      const noEcho = noEchoValue(decl.NoEcho);
      if (value === '' || isPlaceholder(value) || !policy.redactDefault(name, noEcho)) continue;
      policy.removed(value, {name, noEcho});
      decl.Default = REDACTED;
    }
    return body;
  }
  if (typeof body !== 'string') return body;
  return redactYamlTemplate(body, policy) ?? redactTemplateLines(body, policy);
}
