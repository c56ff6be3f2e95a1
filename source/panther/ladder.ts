// The upgrade ladder: from the deployed version to the target, one minor at a time, each at its recommended
// patch, with the migrations of every step. Pure: the command gathers the inputs, the reports print the result.
//
// Rules (Panther's upgrade guidance: "do not skip minor releases; upgrade to the highest patch of each"):
// - Every minor between the deployed one and the target's is a rung, at the catalog's recommended patch.
// - The deployed minor itself is a rung when the deployed patch is below its recommended patch: a patch can carry
//   a fix the next minor's migration relies on, so 1.24.3 -> 1.28 starts with 1.24.12. This costs one deploy and
//   is the guidance taken literally.
// - `--to 1.28` means the recommended patch of 1.28; `--to 1.28.3` means exactly 1.28.3 (its minor must be known,
//   and the patch must be at or below the catalog's recommended one: a newer patch is added with --catalog FILE).
// - Downgrades, unknown targets and gaps in the catalog are refused with a LadderError (exit 2).
import {InputError} from '../errors.js';
import semver from 'semver';
import type {Catalog} from './catalog.js';
import {catalogMinors, recommendedFor} from './catalog.js';
import {isRegionName, isSupportedRegion} from './regions.js';
import {deploymentRoleTemplateUrl, pantherTemplateUrl, TemplateUrlError} from './templates.js';
import {planStep, type BlockedInput, type Migration, type ParameterChange} from './migrations.js';
import {reconcileParameters, type DeclaredParameter, type ParameterPlan} from '../domain/rung-parameters.js';
import {minorKey, parseVersion, parseVersionSpec} from './version.js';

export interface LadderInput {
  /** The deployed version (full x.y.z, `v` optional). */
  from: string;
  /** The target: `1.28` (its recommended patch) or `1.28.3` (exactly), `v` optional. */
  to: string;
  catalog: Catalog;
  region: string;
  templateBaseUrl?: string;
  /** The root stack's current parameters; null when unknown (--from without --stack). */
  parameters: Readonly<Record<string, string>> | null;
  /** New values for the migrations (--params FILE), e.g. ApiCertificateArn. */
  supplied?: Readonly<Record<string, string>>;
  /** The Panther domain (CustomDomain), for the api.<domain> record. */
  domain?: string;
  /**
   * Each rung's templates as CloudFormation reads them (GetTemplateSummary on its TemplateURLs), by version. Given
   * (with `parameters`), every rung's parameters are reconciled with its own template.
   */
  templates?: ReadonlyMap<string, RungTemplates>;
  /** The deployment role stack's current parameters (reconciled with each rung's role template); null: no role stack. */
  roleParameters?: Readonly<Record<string, string>> | null;
}

/** The parameters a rung's two templates declare. */
export interface RungTemplates {
  root: readonly DeclaredParameter[];
  /** Null when there is no deployment role stack to update. */
  role: readonly DeclaredParameter[] | null;
}

export interface Rung {
  version: string;
  /** The version deployed before this rung. */
  previous: string;
  templateUrl: string;
  deploymentRoleTemplateUrl: string;
  migrations: Migration[];
  after: string[];
  /**
   * Inputs missing or invalid: the rung cannot be executed until they are given. Listed on the first rung that
   * needs them only; later rungs cannot run before that one anyway.
   */
  blocked: BlockedInput[];
  /** Every parameter the root-stack update sets; all others are UsePreviousValue. */
  parameterChanges: ParameterChange[];
  notes: string[];
  /** The rung's templates as read; null when they were not (a plan from --from alone). */
  templates: RungTemplates | null;
  /** The root stack's parameters reconciled with the rung's template (kept, set, dropped, default, needs-value). */
  parameters: ParameterPlan[] | null;
  /** The same for the deployment role stack; null without one (or without its template). */
  roleParameters: ParameterPlan[] | null;
  /** The values this rung's migrations set (key -> value), applied where the template declares the key. */
  migrationValues: Record<string, string>;
}

export interface Ladder {
  from: string;
  /** The version the last rung reaches (= from for a no-op). */
  to: string;
  region: string;
  rungs: Rung[];
  /** For the reader: a no-op's reason, an unsupported region, an unknown starting minor. */
  notes: string[];
}

export class LadderError extends InputError {}

const next = (key: string) => {
  const [major, minor] = key.split('.').map(Number);
  return `${major}.${minor + 1}`;
};

/** The minors strictly between `fromKey` and `toKey` the path must cross, or the ones the catalog lacks. */
function intermediateMinors(catalog: Catalog, fromKey: string, toKey: string): {minors: string[]; missing: string[]} {
  const cmp = (a: string, b: string) => semver.compare(`${a}.0`, `${b}.0`);
  const known = catalogMinors(catalog);
  const minors = known.filter(k => cmp(k, fromKey) > 0 && cmp(k, toKey) < 0);
  const missing: string[] = [];
  // Every step must go to the very next minor; across a major, only to its x.0 (the last minor of the old major
  // cannot be known, so the catalog is trusted there).
  const path = [fromKey, ...minors, toKey];
  for (let i = 1; i < path.length; i++) {
    const [a, b] = [path[i - 1], path[i]];
    const [aMajor] = a.split('.').map(Number);
    const [bMajor, bMinor] = b.split('.').map(Number);
    if (aMajor === bMajor) {
      for (let k = next(a); cmp(k, b) < 0; k = next(k)) missing.push(k);
    } else if (bMinor !== 0) {
      missing.push(`${bMajor}.0`);
    }
  }
  return {minors, missing};
}

function range(catalog: Catalog): string {
  const minors = catalogMinors(catalog);
  return minors.length ? `${minors[0]} to ${minors[minors.length - 1]}` : 'nothing';
}

function downgrade(from: string, to: string): LadderError {
  return new LadderError(
    `Refusing to downgrade from ${from} to ${to}: Panther's migrations only run forward. Pick a --to at or above the deployed version.`,
  );
}

/** The target version of a spec: exactly the version given, or its minor's recommended patch. */
function resolveTarget(input: LadderInput, from: string): string {
  const spec = parseVersionSpec(input.to);
  if (!spec) throw new LadderError(`--to ${input.to} is not a version: give 1.28 (its recommended patch) or 1.28.3.`);
  const key = minorKey(spec);
  // An older minor is a downgrade whether or not the catalog knows it.
  if (semver.lt(`${key}.0`, `${minorKey(from)}.0`)) throw downgrade(from, key);
  const recommended = recommendedFor(input.catalog, key);
  if (!recommended) {
    throw new LadderError(
      `Panther ${key} is not in the version catalog (it knows ${range(input.catalog)}): check --to, or add its ` +
        `recommended patch with --catalog FILE (e.g. {"recommended": ["${key}.0"]}).`,
    );
  }
  if (spec.patch === null) return recommended;
  const exact = `${spec.major}.${spec.minor}.${spec.patch}`;
  // A patch past the minor's recommended one is a release the catalog has not heard of: its templates may not exist.
  // (The deployed version itself is known to exist: asking for it is a no-op, not a guess.)
  if (semver.gt(exact, recommended) && !semver.eq(exact, from)) {
    throw new LadderError(`${exact} is newer than the newest ${key} release the catalog knows (${recommended}): add it with --catalog FILE.`);
  }
  return exact;
}

export function planLadder(input: LadderInput): Ladder {
  const from = parseVersion(input.from);
  if (!from) throw new LadderError(`--from ${input.from} is not a version: give a full one like 1.24.3.`);
  if (!input.templateBaseUrl && !isRegionName(input.region)) throw new LadderError(`${input.region} is not an AWS region.`);
  const to = resolveTarget(input, from);
  const fromKey = minorKey(from);
  const toKey = minorKey(to);
  const notes: string[] = [];
  const noop = (message: string): Ladder => ({from, to: from, region: input.region, rungs: [], notes: [message]});

  if (semver.eq(to, from)) return noop(`Already on ${from}: nothing to upgrade.`);
  if (semver.lt(to, from)) {
    // `--to 1.28` while on 1.28.9 (above the recommended 1.28.7) asks for a minor already reached.
    if (parseVersionSpec(input.to)?.patch === null && toKey === fromKey) {
      return noop(`Already on ${fromKey} (${from}, at or above its recommended patch ${to}): nothing to upgrade.`);
    }
    throw downgrade(from, to);
  }

  const versions: string[] = [];
  const own = recommendedFor(input.catalog, fromKey);
  if (toKey !== fromKey) {
    if (own && semver.lt(from, own)) versions.push(own);
    if (!own) {
      notes.push(`${fromKey} is not in the version catalog, so its recommended patch is unknown: the ladder starts at the next minor.`);
    }
    const {minors, missing} = intermediateMinors(input.catalog, fromKey, toKey);
    if (missing.length > 0) {
      throw new LadderError(
        `The version catalog has no recommended patch for ${missing.join(', ')}: a ladder from ${from} to ${to} ` +
          'cannot skip a minor. Add them with --catalog FILE.',
      );
    }
    for (const key of minors) versions.push(recommendedFor(input.catalog, key)!);
  }
  versions.push(to);

  if (!isSupportedRegion(input.region) && !input.templateBaseUrl) {
    notes.push(`${input.region} is not on Panther's list of supported regions: its template bucket may not exist.`);
  }

  const rungs: Rung[] = [];
  let previous = from;
  let parameters = input.parameters ? {...input.parameters} : null;
  let roleParameters = input.roleParameters ? {...input.roleParameters} : null;
  let supplied = {...(input.supplied ?? {})};
  let pending: string[] = [];
  try {
    for (const version of versions) {
      const roleUrl = deploymentRoleTemplateUrl(version, input.templateBaseUrl);
      const templates = (parameters && input.templates?.get(version)) || null;
      const step = planStep({
        from: previous,
        to: version,
        region: input.region,
        deploymentRoleTemplateUrl: roleUrl,
        parameters,
        supplied,
        pending,
        domain: input.domain,
        declared: templates ? new Set(templates.root.map(d => d.key)) : null,
      });
      const migrationValues = Object.fromEntries(step.changes.flatMap(c => (c.value === null ? [] : [[c.key, c.value]])));
      const blocked = [...step.blocked];
      let grounded: ParameterPlan[] | null = null;
      let groundedRole: ParameterPlan[] | null = null;
      let next = step.parameters;
      if (templates && parameters) {
        // The rung's own template decides what is kept, dropped, defaulted or still needs a value.
        const root = reconcileParameters({current: parameters, declared: templates.root, migrations: migrationValues, supplied: input.supplied});
        grounded = root.items;
        next = root.after;
        for (const p of root.items) {
          if (p.fate !== 'needs-value' || pending.includes(p.key) || blocked.some(b => b.parameter === p.key)) continue;
          blocked.push({parameter: p.key, problem: 'missing', message: needsValueMessage(p, version, 'root stack')});
        }
        if (templates.role && roleParameters) {
          const role = reconcileParameters({current: roleParameters, declared: templates.role, supplied: input.supplied});
          groundedRole = role.items;
          roleParameters = role.after;
          for (const p of role.items) {
            if (p.fate !== 'needs-value' || pending.includes(`role:${p.key}`)) continue;
            blocked.push({parameter: p.key, problem: 'missing', message: needsValueMessage(p, version, 'deployment role stack')});
          }
        }
      }
      rungs.push({
        version,
        previous,
        templateUrl: pantherTemplateUrl(version, input.region, input.templateBaseUrl),
        deploymentRoleTemplateUrl: roleUrl,
        migrations: step.migrations,
        after: step.after,
        blocked,
        parameterChanges: step.changes,
        notes: step.notes,
        templates,
        parameters: grounded,
        roleParameters: groundedRole,
        migrationValues,
      });
      previous = version;
      parameters = next;
      supplied = step.supplied;
      // A value missing on this rung is still missing on the next: it is reported once, where it is first needed.
      pending = [...step.pending, ...blocked.map(b => b.parameter).filter(k => !step.pending.includes(k))];
      if (groundedRole) pending.push(...groundedRole.filter(p => p.fate === 'needs-value').map(p => `role:${p.key}`));
    }
  } catch (error) {
    if (error instanceof TemplateUrlError) throw new LadderError(error.message);
    throw error;
  }
  if (input.templates && input.supplied && rungs.length > 0 && rungs.every(r => r.templates)) {
    // A --params key no rung's template declares is a typo or the wrong file: never silently ignored.
    const declared = new Set(rungs.flatMap(r => [...r.templates!.root, ...(r.templates!.role ?? [])].map(d => d.key)));
    const unknown = Object.keys(input.supplied).filter(k => !declared.has(k));
    if (unknown.length > 0) {
      throw new LadderError(
        `--params gives ${unknown.join(', ')}, which no rung's template declares (${rungs[0].version} to ${rungs[rungs.length - 1].version}): ` +
          'check the name, or remove it.',
      );
    }
  }
  return {from, to, region: input.region, rungs, notes};
}

/** Why a rung cannot run: the parameter, the rung, and the template's own description of it. */
function needsValueMessage(p: ParameterPlan, version: string, stack: string): string {
  const what = p.description ? ` (${p.description.replace(/[.\s]+$/, '')})` : '';
  return `${p.key} is new in ${version}'s ${stack} template and has no default${what}: give it in --params FILE.`;
}

/** The statuses CloudFormation accepts an update (a change set's execution) in. */
const UPDATABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);

/**
 * Why the root stack cannot be upgraded in its current status (one line, naming what to do), or null when it can.
 * `upgrade` refuses with it before any write; `ladder` prints it as a note beside the plan.
 */
export function rootUpdateBlocker(stackName: string, status: string): string | null {
  if (UPDATABLE.has(status)) return null;
  const postmortem = `run \`panther-console postmortem -s ${stackName}\``;
  const is = `${stackName} is ${status}`;
  switch (status) {
    case 'ROLLBACK_COMPLETE':
      return `${is} (a failed first deploy): it cannot be updated; ${postmortem}, delete the stack and deploy again.`;
    case 'ROLLBACK_FAILED':
      return `${is} (a failed first deploy whose rollback failed too): it cannot be updated; ${postmortem}, delete the stack and deploy again.`;
    case 'UPDATE_ROLLBACK_FAILED':
      return (
        `${is} (an update whose rollback failed): it cannot be updated until the rollback is finished; ${postmortem}, then ` +
        `aws cloudformation continue-update-rollback --stack-name ${stackName}, then upgrade.`
      );
    case 'CREATE_FAILED':
    case 'UPDATE_FAILED':
    case 'IMPORT_ROLLBACK_FAILED':
      return `${is}: it cannot be updated; ${postmortem}, and roll it back (aws cloudformation rollback-stack) before upgrading.`;
    case 'DELETE_FAILED':
      return `${is} (a delete that failed): it cannot be updated; ${postmortem}, finish the delete and deploy again.`;
    case 'DELETE_COMPLETE':
      return `${is} (deleted): there is nothing to upgrade; deploy Panther again.`;
    case 'REVIEW_IN_PROGRESS':
      return `${is} (created for a change set that was never executed): there is nothing to upgrade; deploy Panther first.`;
  }
  if (status.endsWith('_IN_PROGRESS')) {
    return `${is}: an operation is running; wait until it settles (panther-console watch -s ${stackName}) before upgrading.`;
  }
  return `${is}: CloudFormation cannot update a stack in that status; ${postmortem} before upgrading.`;
}
