// The scenario catalogue: each builds a world from a seed and says how its clock runs by default.
import type {ClockMode} from '../clock.js';
import type {World} from '../world.js';
import {failedDeployWorld} from './failed-deploy.js';
import {deployWorld} from './deploy.js';
import {deploymentsWorld} from './deployments.js';
import {HUGE_OPTIONS, largeWorld, type LargeOptions} from './large.js';
import {pantherWorld} from './panther-deploy.js';
import {preflightWorld} from './preflight.js';
import {updateRollbackWorld} from './update-rollback.js';
import {upgradeWorld} from './upgrade.js';

export interface ScenarioBuild {
  seed?: number;
  /** Epoch ms of the story start. */
  t0: number;
  large?: LargeOptions;
  /** upgrade: the version whose root-stack update fails and rolls back. */
  failRung?: string;
  /** upgrade: the deployed template's version (the PantherVersion tags still say 1.24.3). */
  deployedTemplateVersion?: string;
  /** upgrade: an update to this version, started by someone else, is running at the story's "now". */
  inProgressTo?: string;
}

export interface Scenario {
  name: string;
  description: string;
  clock: ClockMode;
  /** Real seconds a realtime playback of the story should take by default. */
  playSeconds?: number;
  /** The clock starts at the story's t0 (the history lies before it), not at its first event. */
  startsAtT0?: boolean;
  /** Default realtime speed (scenario ms per real ms). */
  speed?: number;
  build(opts: ScenarioBuild): World;
}

export const DEFAULT_SEED = 7;

export const scenarios: Scenario[] = [
  {
    name: 'rolled-back',
    description: 'A Panther first deploy that failed ~20 minutes in (SCP deny on an S3 bucket deep in Onboard) and rolled back',
    clock: 'fixed',
    build: o => pantherWorld({scenario: 'rolled-back', seed: o.seed ?? DEFAULT_SEED, t0: o.t0, failures: true}),
  },
  {
    name: 'first-deploy',
    description: 'The rolled-back story played live from its start (about a minute at the default speed)',
    clock: 'realtime',
    playSeconds: 60,
    build: o => pantherWorld({scenario: 'first-deploy', seed: o.seed ?? DEFAULT_SEED, t0: o.t0, failures: true}),
  },
  {
    name: 'failed-deploy',
    description:
      'The rolled-back first deploy with DeletionPolicy Retain: the ROLLBACK_COMPLETE root and the buckets, tables, log groups and keys it left behind',
    clock: 'fixed',
    build: o => failedDeployWorld({scenario: 'failed-deploy', seed: o.seed ?? DEFAULT_SEED, t0: o.t0}),
  },
  {
    name: 'healthy',
    description: 'A Panther first deploy that completed (CREATE_COMPLETE everywhere)',
    clock: 'fixed',
    build: o => pantherWorld({scenario: 'healthy', seed: o.seed ?? DEFAULT_SEED, t0: o.t0, failures: false}),
  },
  {
    name: 'update-rollback',
    description: 'A root with an older failed update, a successful one, then a latest update that rolled back',
    clock: 'fixed',
    build: o => updateRollbackWorld({scenario: 'update-rollback', seed: o.seed ?? DEFAULT_SEED, t0: o.t0}),
  },
  {
    name: 'large',
    description: 'A generated tree (36 stacks, 3 levels, 20,000+ events) with one deep failure, rolled back',
    clock: 'fixed',
    build: o => largeWorld({...o.large, seed: o.large?.seed ?? o.seed, scenario: 'large', t0: o.t0}),
  },
  {
    name: 'huge',
    description: 'large five times over (64 stacks, 4 levels, ~104,000 events) with one deep failure, rolled back',
    clock: 'fixed',
    build: o => largeWorld({...HUGE_OPTIONS, ...o.large, seed: o.large?.seed ?? o.seed, scenario: 'huge', t0: o.t0}),
  },
  {
    name: 'preflight',
    description: 'An account before a first deploy: old Panther stacks, legacy roles, retained buckets, leftovers of a failed attempt, SCP denials',
    clock: 'fixed',
    build: o => preflightWorld({scenario: 'preflight', seed: o.seed ?? DEFAULT_SEED, t0: o.t0, clean: false}),
  },
  {
    name: 'preflight-clean',
    description: 'An account ready for a first deploy: only the deployment role stack, in no organisation',
    clock: 'fixed',
    build: o => preflightWorld({scenario: 'preflight-clean', seed: o.seed ?? DEFAULT_SEED, t0: o.t0, clean: true}),
  },
  {
    name: 'upgrade',
    description: 'Panther 1.24.3 with the deployment role stack: change sets executed on it play live (upgrade --execute)',
    clock: 'realtime',
    startsAtT0: true,
    speed: 20,
    build: o =>
      upgradeWorld({
        scenario: 'upgrade',
        seed: o.seed ?? DEFAULT_SEED,
        t0: o.t0,
        failRung: o.failRung,
        deployedTemplateVersion: o.deployedTemplateVersion,
        inProgressTo: o.inProgressTo,
      }),
  },
  {
    name: 'deploy',
    description: 'An account ready for a first deploy: deploy --execute creates panther-prod and its create plays live',
    clock: 'realtime',
    startsAtT0: true,
    speed: 20,
    build: o => deployWorld({scenario: 'deploy', seed: o.seed ?? DEFAULT_SEED, t0: o.t0, failFirst: 0}),
  },
  {
    name: 'failing-deploy',
    description: 'deploy, but the first create fails (an SCP deny) and rolls back; after cleanup the next one succeeds',
    clock: 'realtime',
    startsAtT0: true,
    speed: 20,
    build: o => deployWorld({scenario: 'failing-deploy', seed: o.seed ?? DEFAULT_SEED, t0: o.t0, failFirst: 1}),
  },
  {
    name: 'deployments',
    description:
      'Two accounts (by access key: AKIDPROD, AKIDSTAGE) and two regions: four Panther deployments at 1.24.3 to 1.31.1, the deployment role stack and two stacks that are not Panther',
    clock: 'fixed',
    build: o => deploymentsWorld({scenario: 'deployments', seed: o.seed ?? DEFAULT_SEED, t0: o.t0}),
  },
];

export function findScenario(name: string): Scenario | undefined {
  return scenarios.find(s => s.name === name);
}
