// `--replay BUNDLE`: serves a support bundle through the embedded sim (clock fixed: everything visible), so every
// command runs offline on it through the real SDK path, with static credentials and no AWS call.
import type {AwsSettings} from '../aws/clients.js';
import {InputError} from '../errors.js';
import {sanitize} from '../text/sanitize.js';
import {BundleError, readBundle, type Bundle} from '../report/bundle.js';
import type {RunningSim} from '../sim/index.js';
import {worldFromBundle} from '../sim/replay.js';
import {simSettings, startConsoleSim} from './sim.js';

export interface OpenReplay {
  bundle: Bundle;
  sim: RunningSim;
  /** AWS settings pointing at the replay endpoint. */
  settings: AwsSettings;
  close(): Promise<void>;
}

/** Opens a bundle and serves it; exit code 2 for a file that is not a readable bundle. */
export async function openReplay(path: string, port?: number): Promise<OpenReplay> {
  let bundle: Bundle;
  try {
    bundle = await readBundle(path);
  } catch (error) {
    if (error instanceof BundleError) throw new InputError(`--replay ${error.message}`);
    throw error;
  }
  let world;
  try {
    world = worldFromBundle(bundle);
  } catch (error) {
    throw new InputError(`--replay ${path}: ${(error as Error).message}.`);
  }
  const sim = await startConsoleSim({world, clock: 'fixed', ...(port !== undefined ? {port} : {})});
  return {bundle, sim, settings: simSettings(sim), close: () => sim.close()};
}

/** `sim --replay FILE`: serve the bundle alone until interrupted, like `sim` serves a scenario. */
export async function serveReplay(replay: OpenReplay, stdout: NodeJS.WritableStream): Promise<number> {
  const {sim, bundle} = replay;
  stdout.write(`listening on ${sim.url}\n`);
  stdout.write(
    // The bundle is a file from someone else: its strings are untrusted like any AWS text.
    `${sanitize(`replay of ${bundle.stack} (${bundle.region}, recorded ${bundle.createdAt}): root stack ${sim.rootStackName}, account ${sim.account}`)}\n`,
  );
  await new Promise<void>(resolve => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  return 0;
}
