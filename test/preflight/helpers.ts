// Running preflight in-process against a running sim, with the console's own clients.
import {createClients} from '../../source/aws/clients.js';
import {Gateway} from '../../source/aws/gateway.js';
import {computePreflight} from '../../source/commands/preflight.js';
import type {CommandContext} from '../../source/commands/context.js';
import type {Check, PreflightReport} from '../../source/panther/preflight/types.js';
import type {RunningSim} from '../../source/sim/index.js';

export interface RunOptions {
  stackName?: string;
  params?: Record<string, string> | null;
  region?: string;
  cloudtrail?: boolean;
}

export async function preflightOn(sim: RunningSim, opts: RunOptions = {}): Promise<PreflightReport> {
  const region = opts.region ?? 'us-east-2';
  const clients = createClients({endpointUrl: sim.url, region, credentials: {accessKeyId: 'AKIDSIM', secretAccessKey: 'sim'}, maxAttempts: 1});
  const ctx: CommandContext = {
    clients,
    gateway: new Gateway(clients),
    region,
    profile: null,
    interactive: false,
    stdout: process.stdout,
    stderr: process.stderr,
  };
  try {
    return await computePreflight(
      ctx,
      {stackName: opts.stackName ?? 'panther-prod', version: '1.39.7', params: opts.params ?? null, paramsFile: opts.params ? 'params.json' : null},
      {cloudtrail: opts.cloudtrail ?? true},
    );
  } finally {
    clients.destroy();
  }
}

/** Checks that are not passes, as sorted "id status" strings. */
export const problems = (checks: readonly Check[]) =>
  checks
    .filter(c => c.status !== 'pass')
    .map(c => `${c.id} ${c.status}`)
    .sort();

export const check = (report: PreflightReport, id: string) => report.checks.find(c => c.id === id);

/** A params list (CloudFormation's JSON form) as a record. */
export const asRecord = (list: {ParameterKey: string; ParameterValue: string}[]) =>
  Object.fromEntries(list.map(p => [p.ParameterKey, p.ParameterValue]));
