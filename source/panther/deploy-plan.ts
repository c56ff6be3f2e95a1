// A first deploy as one rung of the walk, pure: the version's template URLs, the parameters the template declares
// reconciled with --params (every given value set, the rest left to their defaults), and what stops it before any
// write: a key the template does not declare, a required one nobody gave. After a create from 1.22 the
// panther-pulumi build runs (the upgrade's after-step).
import semver from 'semver';
import {reconcileParameters, type DeclaredParameter, type ParameterPlan} from '../domain/rung-parameters.js';
import type {Rung} from './ladder.js';
import {PULUMI_CODEBUILD_STEP, PULUMI_FROM} from './migrations.js';
import {nearestKnownName} from './preflight/parameters.js';

export interface DeployPlanInput {
  version: string;
  templateUrl: string;
  roleTemplateUrl: string;
  /** The template's parameters (GetTemplateSummary). */
  declared: readonly DeclaredParameter[];
  /** --params. */
  supplied: Readonly<Record<string, string>>;
}

export interface DeployPlan {
  rung: Rung;
  parameters: ParameterPlan[];
  /** --params keys the template does not declare, each with the declared name it is probably a typo of. */
  unknown: {key: string; suggestion: string | null}[];
  /** Required parameters nobody gave. */
  missing: ParameterPlan[];
}

export function planDeploy(input: DeployPlanInput): DeployPlan {
  const parameters = reconcileParameters({current: {}, declared: input.declared, supplied: input.supplied}).items;
  const declaredKeys = input.declared.map(d => d.key);
  const unknown = Object.keys(input.supplied)
    .filter(k => !declaredKeys.includes(k))
    .map(key => ({key, suggestion: nearestKnownName(key, declaredKeys)}));
  const missing = parameters.filter(p => p.fate === 'needs-value');
  const rung: Rung = {
    version: input.version,
    previous: 'none',
    templateUrl: input.templateUrl,
    deploymentRoleTemplateUrl: input.roleTemplateUrl,
    migrations: [],
    after: semver.gte(input.version, PULUMI_FROM) ? [PULUMI_CODEBUILD_STEP] : [],
    blocked: missing.map(p => ({
      parameter: p.key,
      problem: 'missing' as const,
      message: `${p.key} is required (${p.description || 'no description'}): give it in --params FILE`,
    })),
    parameterChanges: [],
    notes: [],
    templates: {root: input.declared, role: null},
    parameters,
    roleParameters: null,
    migrationValues: {},
  };
  return {rung, parameters, unknown, missing};
}

/** The one line that refuses a plan before any write, or null when it can be deployed. */
export function deployRefusal(plan: DeployPlan, paramsFile: string | null): string | null {
  const file = paramsFile ?? '--params FILE';
  if (plan.unknown.length > 0) {
    const named = plan.unknown.map(u => (u.suggestion ? `${u.key} (did you mean ${u.suggestion}?)` : u.key)).join(', ');
    return `Nothing was written: ${file} sets ${named}, which Panther ${plan.rung.version}'s template does not declare (CloudFormation would refuse it).`;
  }
  if (plan.missing.length > 0) {
    return `Nothing was written: Panther ${plan.rung.version} needs ${plan.missing.map(p => p.key).join(', ')} (no default): give ${plan.missing.length === 1 ? 'it' : 'them'} in ${file}.`;
  }
  return null;
}
