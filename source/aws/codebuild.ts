// CodeBuild, typed: start the `panther-pulumi` build Panther needs after each deploy from 1.22, and read its state.
// The client is made on demand with the session's settings and counted like the others ("CodeBuild.StartBuild").
import {AwsError} from '../errors.js';
import {randomUUID} from 'node:crypto';
import {clean, iso} from './convert.js';
import {BatchGetBuildsCommand, CodeBuildClient, ListBuildsForProjectCommand, StartBuildCommand, type Build} from '@aws-sdk/client-codebuild';
import {clientConfig, instrument, type AwsClients} from './clients.js';
import {RateLimiter} from './rate-limiter.js';

export const PULUMI_PROJECT = 'panther-pulumi';

export interface BuildView {
  id: string;
  project: string;
  /** IN_PROGRESS, SUCCEEDED, FAILED, FAULT, TIMED_OUT, STOPPED */
  status: string;
  /** SUBMITTED, QUEUED, PROVISIONING, ..., BUILD, ..., COMPLETED */
  phase: string;
  complete: boolean;
  startedAt: string;
  endedAt: string | null;
  /** The first failed phase's message, when the build failed. */
  failure: string;
  logsLink: string;
}

export function toBuild(b: Build): BuildView {
  const failedPhase = (b.phases ?? []).find(p => p.phaseStatus && p.phaseStatus !== 'SUCCEEDED');
  const context = failedPhase?.contexts?.find(c => c.message)?.message;
  return {
    id: clean(b.id),
    project: clean(b.projectName),
    status: b.buildStatus ?? 'IN_PROGRESS',
    phase: clean(b.currentPhase),
    complete: Boolean(b.buildComplete),
    startedAt: iso(b.startTime),
    endedAt: b.endTime ? iso(b.endTime) : null,
    failure: failedPhase ? clean(`${failedPhase.phaseType ?? ''} ${failedPhase.phaseStatus ?? ''}${context ? `: ${context}` : ''}`) : '',
    logsLink: clean(b.logs?.deepLink),
  };
}

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

  async getBuild(id: string): Promise<BuildView | null> {
    const out = await this.client.send(new BatchGetBuildsCommand({ids: [id]}));
    const b = out.builds?.[0];
    return b ? toBuild(b) : null;
  }

  /** The project's newest build, or null when it has none. */
  async latestBuild(project: string): Promise<BuildView | null> {
    const out = await this.client.send(new ListBuildsForProjectCommand({projectName: project, sortOrder: 'DESCENDING'}));
    const id = out.ids?.[0];
    return id ? this.getBuild(id) : null;
  }

  destroy(): void {
    this.client.destroy();
  }
}
