// A command context for tests: the real clients on an endpoint (the sim, the moto shim), calls counted as usual but
// never paced (the account's rate limits are not what these tests are about), stdout and stderr captured. Also
// prepareUpgrade with the same unpaced CodeBuild client.
import {createClients, instrument, type AwsSettings} from '../../source/aws/clients.js';
import {CodeBuildGateway} from '../../source/aws/codebuild.js';
import {Gateway} from '../../source/aws/gateway.js';
import {RateLimiter} from '../../source/aws/rate-limiter.js';
import type {CommandContext} from '../../source/commands/context.js';
import {prepareUpgrade, type UpgradeFlags} from '../../source/upgrade/session.js';

export const unpaced = () => new RateLimiter(100_000, 100_000);

export function testContext(settings: AwsSettings & {region: string}, opts: {interactive?: boolean} = {}) {
  const clients = createClients({...settings, maxAttempts: 1});
  for (const [client, service] of [
    [clients.cloudformation, 'CloudFormation'],
    [clients.cloudtrail, 'CloudTrail'],
    [clients.sts, 'STS'],
  ] as const) {
    for (const name of ['pantherConsoleCallCounter', 'pantherConsoleRetryUnreadable'])
      (client.middlewareStack as {remove(name: string): boolean}).remove(name);
    instrument(client, service, clients.counter, unpaced());
  }
  let stdout = '';
  let stderr = '';
  const ctx = {
    clients,
    gateway: new Gateway(clients),
    region: settings.region,
    profile: null,
    interactive: opts.interactive ?? false,
    stdout: {write: (s: string) => ((stdout += s), true), columns: 100},
    stderr: {write: (s: string) => ((stderr += s), true)},
  } as unknown as CommandContext;
  /** prepareUpgrade with the same unpaced limiter on its CodeBuild client. */
  const prepare = async (f: UpgradeFlags, o: {live?: boolean} = {}) => {
    const session = await prepareUpgrade(ctx, f, o);
    if (session.codebuild) {
      session.codebuild.destroy();
      session.codebuild = new CodeBuildGateway(clients, unpaced());
    }
    return session;
  };
  return {ctx, clients, prepare, out: () => stdout, err: () => stderr};
}
