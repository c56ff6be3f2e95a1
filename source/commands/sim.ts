import {InputError} from '../errors.js';
import {startSim, type RunningSim, type SimOptions} from '../sim/index.js';
import type {AwsSettings} from '../aws/clients.js';

/** startSim for a command: an unknown scenario or a port in use is the user's input, exit 2 with one line. */
export async function startConsoleSim(options: SimOptions): Promise<RunningSim> {
  try {
    return await startSim(options);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new InputError(`Port ${options.port} is in use: pick another with --port (0 picks a free one).`);
    if (e.code === 'EACCES') throw new InputError(`Port ${options.port} is not allowed here: pick another with --port.`);
    if (/unknown scenario/i.test(e.message)) throw new InputError(`${e.message.replace(/^./, c => c.toUpperCase())}.`);
    throw error;
  }
}

/** Credentials for the embedded account: static, so no real credential chain is consulted. */
export const simCredentials = {accessKeyId: 'AKIDPANTHERSIM', secretAccessKey: 'panther-console-sim'};

export function simSettings(sim: RunningSim): AwsSettings {
  return {region: sim.region, endpointUrl: sim.url, credentials: simCredentials, maxAttempts: 4};
}

export interface SimFlags {
  scenario?: string;
  port?: number;
  speed?: number;
}

export function simOptions(flags: SimFlags, fallbackScenario: string): SimOptions {
  return {
    scenario: flags.scenario ?? fallbackScenario,
    ...(flags.port !== undefined ? {port: flags.port} : {}),
    ...(flags.speed !== undefined ? {speed: flags.speed} : {}),
  };
}

/** `sim`: serve the simulated account alone until interrupted, so any AWS client can be pointed at it. */
export async function simCommand(flags: SimFlags, stdout: NodeJS.WriteStream): Promise<number> {
  const sim = await startConsoleSim(simOptions(flags, 'rolled-back'));
  stdout.write(`listening on ${sim.url}\n`);
  stdout.write(
    `scenario ${flags.scenario ?? 'rolled-back'}: root stack ${sim.rootStackName} in ${sim.region}, account ${sim.account}\n` +
      `try: AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws cloudformation describe-stacks --endpoint-url ${sim.url} --region ${sim.region}\n`,
  );
  // Several accounts: the access key picks one (any other key is the default account).
  const accounts = Object.entries(sim.world.accounts ?? {});
  if (accounts.length > 0)
    stdout.write(`accounts by access key: ${accounts.map(([key, a]) => `${key} ${a.account}${a.expired ? ' (expired)' : ''}`).join(', ')}\n`);
  await new Promise<void>(resolve => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sim.close();
  return 0;
}
