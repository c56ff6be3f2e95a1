// The whole preflight: every check group over the gathered facts, in a fixed order, and the exit code.
import {identityChecks} from './identity.js';
import {oldInfrastructureChecks} from './old-infrastructure.js';
import {organizationChecks} from './organization.js';
import {parameterChecks} from './parameters.js';
import {permissionChecks} from './permissions.js';
import {stackNameChecks} from './stack-name.js';
import {trustChecks} from './trust.js';
import type {Check, CheckStatus, PreflightFacts, PreflightReport} from './types.js';

export interface PreflightInput {
  facts: PreflightFacts;
  params: Record<string, string> | null;
  paramsFile: string | null;
  version: string;
  /** The template's declarations, when read (see ParameterCheckInput.declared). */
  declared?: ReadonlyMap<string, string | null>;
  apiCalls?: Record<string, number>;
}

export function evaluatePreflight(input: PreflightInput): PreflightReport {
  const {facts} = input;
  const checks: Check[] = [
    ...identityChecks(facts.identity, facts.region),
    ...stackNameChecks(facts),
    ...parameterChecks({
      params: input.params,
      paramsFile: input.paramsFile,
      version: input.version,
      account: facts.identity.account,
      ...(input.declared ? {declared: input.declared} : {}),
    }),
    ...oldInfrastructureChecks(facts),
    ...organizationChecks(facts),
    ...permissionChecks(facts),
    ...trustChecks(facts),
  ];
  return {
    stackName: facts.stackName,
    region: facts.region,
    account: facts.identity.account || null,
    principal: facts.identity.arn || null,
    version: input.version,
    paramsFile: input.paramsFile,
    checks,
    apiCalls: input.apiCalls ?? {},
  };
}

export function countByStatus(checks: readonly Check[]): Record<CheckStatus, number> {
  const out: Record<CheckStatus, number> = {pass: 0, warn: 0, fail: 0, unknown: 0};
  for (const c of checks) out[c.status]++;
  return out;
}

/** 1 when any check fails, else 0 (warnings and could-not-check do not fail a preflight). */
/** The overall verdict of a preflight (the screen and every report say the same). */
export function verdict(report: PreflightReport): 'pass' | 'warn' | 'fail' {
  const n = countByStatus(report.checks);
  return n.fail > 0 ? 'fail' : n.warn > 0 ? 'warn' : 'pass';
}

export function preflightExitCode(report: PreflightReport): number {
  return report.checks.some(c => c.status === 'fail') ? 1 : 0;
}
