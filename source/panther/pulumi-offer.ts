// Is a deploy finished? From 1.22 a first deploy or an update of Panther is finished only by a successful run of the
// `panther-pulumi` CodeBuild project after the stack's operation. Pure rules over what the store read: the root's
// latest operation, the deployed version, and the project's newest build.
import semver from 'semver';
import type {Operation} from '../domain/types.js';
import {PULUMI_FROM} from './migrations.js';
import {parseVersion} from './version.js';

/** The few facts of a CodeBuild build these rules read. */
export interface BuildFacts {
  startedAt: string;
  complete: boolean;
  /** IN_PROGRESS, SUCCEEDED, FAILED, FAULT, TIMED_OUT, STOPPED */
  status: string;
}

/**
 * Whether the operation is one a panther-pulumi build must follow (before anything is read about the version or the
 * project): a first deploy or an update that succeeded. A failed, rolled-back or running one, a delete or an import
 * is not.
 */
export function operationNeedsBuild(op: Pick<Operation, 'type' | 'outcome' | 'endedAt'> | null | undefined): boolean {
  return !!op && (op.type === 'CREATE' || op.type === 'UPDATE') && op.outcome === 'SUCCEEDED' && op.endedAt !== null;
}

/** Whether a deployed version runs the panther-pulumi build (1.22 and later); an unknown version does not say so. */
export function versionNeedsBuild(version: string | null): boolean {
  const v = version === null ? null : parseVersion(version);
  return v !== null && semver.gte(v, PULUMI_FROM);
}

/**
 * What the newest build says about the operation that ended at `endedAt`:
 * - `none`: no build started after it (the deploy is not finished: offer it);
 * - `running`: one started after it and runs (follow it);
 * - `succeeded`: one started after it and succeeded (finished; nothing to say);
 * - `failed`: the newest one after it did not succeed (not finished: offer it again).
 */
export type BuildVerdict = 'none' | 'running' | 'succeeded' | 'failed';

export function buildVerdict(endedAt: string, newest: BuildFacts | null): BuildVerdict {
  const end = Date.parse(endedAt);
  const start = newest ? Date.parse(newest.startedAt) : Number.NaN;
  // A build of an older deploy (or one whose times cannot be read) does not finish this one.
  if (!newest || !Number.isFinite(start) || !Number.isFinite(end) || start < end) return 'none';
  if (!newest.complete && newest.status === 'IN_PROGRESS') return 'running';
  return newest.status === 'SUCCEEDED' ? 'succeeded' : 'failed';
}

/** The words a user types to start the build from the console: `build`, or the project's name. */
export function isBuildConfirmation(typed: string, project: string): boolean {
  const t = typed.trim();
  return t === 'build' || t === project;
}
