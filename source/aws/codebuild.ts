// CodeBuild, typed: start the `panther-pulumi` build Panther needs after each deploy from 1.22, and read its state.
// The client is made on demand with the session's settings and counted like the others ("CodeBuild.StartBuild").
// The reads live in codebuild-reads.ts (the read-only policy); StartBuild here (the upgrade and deploy policies).
import {AwsError} from '../errors.js';
import {randomUUID} from 'node:crypto';
import {CodeBuildClient, StartBuildCommand} from '@aws-sdk/client-codebuild';
import {clientConfig, instrument, type AwsClients} from './clients.js';
import {getBuild, latestBuild, toBuild, type BuildView} from './codebuild-reads.js';
import {RateLimiter} from './rate-limiter.js';

export {toBuild, type BuildView} from './codebuild-reads.js';

export const PULUMI_PROJECT = 'panther-pulumi';

/** CodeBuild calls on the session's settings and call counter. Destroy it with the session. */
export class CodeBuildGateway {
  readonly client: CodeBuildClient;

  constructor(clients: AwsClients, limiter: RateLimiter = new RateLimiter(5, 5)) {
    this.client = new CodeBuildClient(clientConfig(clients.settings));
    instrument(this.client, 'CodeBuild', clients.counter, limiter);
  }

  async startBuild(project: string): Promise<BuildView> {
    // The token makes a retried StartBuild (an answer lost on the way back) the same build, not a second one.
    const out = await this.client.send(new StartBuildCommand({projectName: project, idempotencyToken: randomUUID()}));
    if (!out.build)
      throw new AwsError(`CodeBuild answered StartBuild for ${project} with no build: try again, or start it in the CodeBuild console.`);
    return toBuild(out.build);
  }

  getBuild(id: string): Promise<BuildView | null> {
    return getBuild(this.client, id);
  }

  /** The project's newest build, or null when it has none. */
  latestBuild(project: string): Promise<BuildView | null> {
    return latestBuild(this.client, project);
  }

  destroy(): void {
    this.client.destroy();
  }
}
