// Which Lambda function serves a custom resource: its ServiceToken in the template (a function ARN, or
// `Fn::GetAtt [Function, Arn]` / `!GetAtt Function.Arn` on a function of the same template), so a hint can name the
// function's log group instead of pointing at "the function its ServiceToken names".
import {parse} from 'yaml';

export interface ServiceTokenTarget {
  /** The function's name, when the token is its ARN. */
  name?: string;
  /** The function's logical ID in the same template, when the token is its Arn attribute. */
  logical?: string;
}

/** The function a custom resource's ServiceToken names, or null (not found, not a Lambda function, not readable). */
export function serviceTokenTarget(templateBody: string, logicalId: string): ServiceTokenTarget | null {
  let doc: unknown;
  try {
    // YAML is a superset of JSON; CloudFormation's short tags (!GetAtt, !Sub) resolve to their plain values.
    doc = parse(templateBody, {logLevel: 'silent', maxAliasCount: 100});
  } catch {
    return null;
  }
  const token = (doc as {Resources?: Record<string, {Properties?: {ServiceToken?: unknown}}>} | null)?.Resources?.[logicalId]?.Properties
    ?.ServiceToken;
  return targetOf(token);
}

function targetOf(token: unknown): ServiceTokenTarget | null {
  if (typeof token === 'string') {
    const arn = /^arn:aws[\w-]*:lambda:[^:]*:\d*:function:([\w-]+)/.exec(token);
    if (arn) return {name: arn[1]};
    const attr = /^([A-Za-z0-9]+)\.Arn$/.exec(token);
    return attr ? {logical: attr[1]} : null;
  }
  if (Array.isArray(token) && token.length === 2 && token[1] === 'Arn' && typeof token[0] === 'string') return {logical: token[0]};
  if (token && typeof token === 'object') {
    const getAtt = (token as Record<string, unknown>)['Fn::GetAtt'];
    if (getAtt !== undefined) return targetOf(typeof getAtt === 'string' ? getAtt : Array.isArray(getAtt) ? getAtt : null);
    const sub = (token as Record<string, unknown>)['Fn::Sub'];
    // A Sub without variables is a literal ARN.
    if (typeof sub === 'string' && !sub.includes('${')) return targetOf(sub);
  }
  return null;
}
