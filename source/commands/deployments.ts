// `deployments`: every Panther root stack in profiles x regions, as a table or JSON. The profiles and regions are
// checked before any AWS call (exit 2); then each (profile, region) is read (aws/deployments-reader.ts). Exit 0 when
// every one was read, 3 when any could not be (the report still lists everything that was, and why the rest was not).
import {readDeployments, type ProfileTarget} from '../aws/deployments-reader.js';
import {InputError} from '../errors.js';
import type {DeploymentsReport} from '../panther/deployments.js';
import {isSupportedRegion, SUPPORTED_REGIONS} from '../panther/regions.js';
import {deploymentsJson} from '../report/deployments-json.js';
import {deploymentsText} from '../report/deployments-text.js';
import {sanitize} from '../text/sanitize.js';
import {REGION_NAME} from './parse-args.js';
import {progressLine} from './progress-line.js';

export interface DeploymentsFlags {
  profiles?: string;
  profile?: string;
  regions?: string;
  region?: string;
  endpointUrl?: string;
  format: 'text' | 'json' | 'markdown';
}

export interface DeploymentTargets {
  profiles: ProfileTarget[];
  regions: string[];
}

/** Names as an AWS config file holds them: no spaces, brackets or commas. */
const PROFILE_NAME = /^[A-Za-z0-9_.+@=:/-]{1,128}$/;

/** A comma-separated flag's names, each trimmed, duplicates dropped; an empty name is a mistake. */
function list(value: string, flag: string): string[] {
  const names = value.split(',').map(n => n.trim());
  if (names.some(n => n === '')) throw new InputError(`${flag} ${value}: a name is empty (give them as A,B).`);
  return [...new Set(names)];
}

/** The profiles and regions to read, from the flags and the environment; every mistake is exit 2, before any call. */
export function deploymentTargets(flags: DeploymentsFlags, env: NodeJS.ProcessEnv = process.env): DeploymentTargets {
  if (flags.profile !== undefined && flags.profiles !== undefined) {
    throw new InputError('Give --profile or --profiles, not both (--profiles takes one name too).');
  }
  if (flags.region !== undefined && flags.regions !== undefined) {
    throw new InputError('Give --region or --regions, not both (--regions takes one name too).');
  }
  const profileFlag = flags.profiles !== undefined ? '--profiles' : '--profile';
  const profileValue = flags.profiles ?? flags.profile;
  let profiles: ProfileTarget[];
  if (profileValue === undefined) {
    // The SDK's own chain, shown by the name it will use.
    profiles = [{label: env.AWS_PROFILE || 'default'}];
  } else {
    const names = list(profileValue, profileFlag);
    const bad = names.find(n => !PROFILE_NAME.test(n));
    if (bad !== undefined) {
      throw new InputError(`${profileFlag} "${sanitize(bad)}" is not a profile name: letters, digits and . _ - + @ = : / only, 128 at most.`);
    }
    profiles = names.map(name => ({label: name, profile: name}));
  }
  const regionFlag = flags.regions !== undefined ? '--regions' : '--region';
  const regionValue = flags.regions ?? flags.region;
  const regions = regionValue === undefined ? [...SUPPORTED_REGIONS] : list(regionValue, regionFlag);
  for (const region of regions) {
    if (!REGION_NAME.test(region)) {
      throw new InputError(`${regionFlag} ${sanitize(region)} is not an AWS region name: they look like us-east-2 or eu-central-1.`);
    }
    if (!isSupportedRegion(region)) {
      throw new InputError(`${regionFlag} ${region}: Panther is not published there. Its regions: ${SUPPORTED_REGIONS.join(', ')}.`);
    }
  }
  return {profiles, regions};
}

export function renderDeployments(report: DeploymentsReport, format: DeploymentsFlags['format']): string {
  return format === 'json' ? `${JSON.stringify(deploymentsJson(report), null, 2)}\n` : deploymentsText(report);
}

/** 0 when every profile and region was read, 3 when any was not (scripts must notice a gap in the list). */
export function deploymentsExitCode(report: DeploymentsReport): number {
  return report.unreadable.length > 0 ? 3 : 0;
}

export async function deploymentsCommand(flags: DeploymentsFlags, stdout: NodeJS.WritableStream, stderr: NodeJS.WriteStream): Promise<number> {
  const targets = deploymentTargets(flags);
  const progress = progressLine(stderr);
  let report: DeploymentsReport;
  try {
    report = await readDeployments({
      ...targets,
      ...(flags.endpointUrl ? {endpointUrl: flags.endpointUrl} : {}),
      onProgress: (done, total) => progress.update(`listing stacks: ${done}/${total} profile/regions read`),
    });
  } finally {
    progress.done();
  }
  stdout.write(renderDeployments(report, flags.format));
  // The JSON has no notes: a version that could not be read is said on stderr (the text prints it under NOTES).
  if (flags.format === 'json') for (const w of report.warnings) stderr.write(`panther-console: warning: ${sanitize(w)}\n`);
  const code = deploymentsExitCode(report);
  if (code !== 0) {
    const total = targets.profiles.length * targets.regions.length;
    const where = flags.format === 'json' ? '"unreadable"' : 'NOT READ';
    stderr.write(`panther-console: ${report.unreadable.length} of ${total} profile/regions could not be read (listed under ${where}).\n`);
  }
  return code;
}
