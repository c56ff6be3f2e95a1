// IAM (awsQuery, Version 2010-05-08): GetRole, ListRoles and SimulatePrincipalPolicy over the world's roles.
import type {QueryHandler, Result} from './cloudformation.js';
import {SimError} from './errors.js';
import type {World, WorldRole} from './world.js';
import {isoTime} from './xml.js';

export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const IAM_VERSION = '2010-05-08';

/** The trust of a role whose scenario gives none: CloudFormation's service alone. */
export const DEFAULT_TRUST = {
  Version: '2012-10-17',
  Statement: [{Effect: 'Allow', Principal: {Service: 'cloudformation.amazonaws.com'}, Action: 'sts:AssumeRole'}],
};

/** IAM sends the document URL-encoded (`%7B%22Version%22%3A...`). */
export const encodeTrust = (doc: Record<string, unknown>): string => encodeURIComponent(JSON.stringify(doc));

export function roleArn(world: World, role: WorldRole): string {
  return `arn:aws:iam::${world.account}:role${role.path}${role.name}`;
}

function roleXml(world: World, role: WorldRole, full: boolean): Result {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.roleId,
    Arn: roleArn(world, role),
    CreateDate: isoTime(role.createdAt),
    AssumeRolePolicyDocument: encodeTrust(role.trustPolicy ?? DEFAULT_TRUST),
    Description: role.description,
    MaxSessionDuration: 3600,
    ...(full ? {RoleLastUsed: {}} : {}),
  };
}

const noSuchRole = (name: string) => new SimError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);

const GetRole: QueryHandler = (p, ctx) => {
  const world = ctx.view.world;
  const name = p.get('RoleName');
  if (!name)
    throw new SimError(
      'ValidationError',
      "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null",
    );
  const role = world.iam?.roles.find(r => r.name === name);
  if (!role) throw noSuchRole(name);
  return {Role: roleXml(world, role, true)};
};

const ListRoles: QueryHandler = (p, ctx) => {
  const world = ctx.view.world;
  const prefix = p.get('PathPrefix') ?? '/';
  const max = Number(p.get('MaxItems') ?? 100);
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw new SimError('ValidationError', 'MaxItems must be between 1 and 1000.');
  const roles = [...(world.iam?.roles ?? [])].filter(r => r.path.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name));
  const start = Number(p.get('Marker') ?? 0);
  if (!Number.isInteger(start) || start < 0) throw new SimError('InvalidInput', 'Invalid Marker.');
  const page = roles.slice(start, start + max);
  const more = start + max < roles.length;
  return {Roles: page.map(r => roleXml(world, r, false)), IsTruncated: more, Marker: more ? String(start + max) : undefined};
};

/** Which principal a PolicySourceArn names: a role of the world (by its full ARN, path included) or the caller. */
function principalOf(world: World, arn: string): {name: string; arn: string} {
  const role = world.iam?.roles.find(r => roleArn(world, r) === arn);
  if (role) return {name: role.name, arn};
  if (/^arn:aws:iam::\d{12}:user\//.test(arn) && arn.startsWith(`arn:aws:iam::${world.account}:`)) return {name: arn.split('/').pop()!, arn};
  if (/^arn:aws:iam::\d{12}:role\//.test(arn))
    throw new SimError('NoSuchEntity', `PolicySourceArn ${arn} does not exist (a role ARN must include the role's path).`, 404);
  throw new SimError('InvalidInput', `Invalid ARN: ${arn}. PolicySourceArn must be the ARN of an IAM user, group or role.`);
}

const SimulatePrincipalPolicy: QueryHandler = (p, ctx) => {
  const world = ctx.view.world;
  const source = p.get('PolicySourceArn');
  if (!source)
    throw new SimError(
      'ValidationError',
      "1 validation error detected: Value null at 'policySourceArn' failed to satisfy constraint: Member must not be null",
    );
  const principal = principalOf(world, source);
  const actions = p.list('ActionNames');
  if (actions.length === 0)
    throw new SimError(
      'ValidationError',
      "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null",
    );
  const resources = p.list('ResourceArns');
  const resource = resources[0] ?? '*';
  const max = Number(p.get('MaxItems') ?? 100);
  const start = Number(p.get('Marker') ?? 0);
  const results = actions.map(action => {
    const rule = (world.iam?.simulation ?? []).find(
      r => r.action.toLowerCase() === action.toLowerCase() && (!r.principal || r.principal === principal.name || r.principal === principal.arn),
    );
    const decision = rule?.decision ?? 'allowed';
    const byOrg = rule?.allowedByOrganizations ?? true;
    return {
      EvalActionName: action,
      EvalResourceName: resource,
      EvalDecision: decision,
      MatchedStatements: [],
      MissingContextValues: [],
      ...(world.organization ? {OrganizationsDecisionDetail: {AllowedByOrganizations: byOrg}} : {}),
    };
  });
  const page = results.slice(start, start + max);
  const more = start + max < results.length;
  return {EvaluationResults: page, IsTruncated: more, Marker: more ? String(start + max) : undefined};
};

export const iamActions: Record<string, QueryHandler> = {GetRole, ListRoles, SimulatePrincipalPolicy};
