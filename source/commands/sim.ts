import {startSim, type RunningSim, type SimOptions} from '../sim/index.js';
import type {AwsSettings} from '../aws/clients.js';

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
  const sim = await startSim(simOptions(flags, 'rolled-back'));
  stdout.write(`listening on ${sim.url}\n`);
  stdout.write(
    `scenario ${flags.scenario ?? 'rolled-back'}: root stack ${sim.rootStackName} in ${sim.region}, account ${sim.account}\n` +
      `try: AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws cloudformation describe-stacks --endpoint-url ${sim.url} --region ${sim.region}\n`,
  );
  await new Promise<void>(resolve => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sim.close();
  return 0;
}
