// CodeBuild reads: a build's state and a project's newest build. Apart from StartBuild (codebuild.ts) because they
// belong to another policy: the watch console checks the panther-pulumi build with the read-only policy, and only
// starting one needs the upgrade or deploy policy.
import {BatchGetBuildsCommand, ListBuildsForProjectCommand, type Build, type CodeBuildClient} from '@aws-sdk/client-codebuild';
import {clean, iso} from './convert.js';

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
    status: clean(b.buildStatus) || 'IN_PROGRESS',
    phase: clean(b.currentPhase),
    complete: Boolean(b.buildComplete),
    startedAt: iso(b.startTime),
    endedAt: b.endTime ? iso(b.endTime) : null,
    failure: failedPhase ? clean(`${failedPhase.phaseType ?? ''} ${failedPhase.phaseStatus ?? ''}${context ? `: ${context}` : ''}`) : '',
    logsLink: clean(b.logs?.deepLink),
  };
}

/** One build by id (BatchGetBuilds), or null when CodeBuild does not know it. */
export async function getBuild(client: CodeBuildClient, id: string): Promise<BuildView | null> {
  const out = await client.send(new BatchGetBuildsCommand({ids: [id]}));
  const b = out.builds?.[0];
  return b ? toBuild(b) : null;
}

/** The project's newest build (ListBuildsForProject, newest first, then BatchGetBuilds of it), or null when it has none. */
export async function latestBuild(client: CodeBuildClient, project: string): Promise<BuildView | null> {
  const out = await client.send(new ListBuildsForProjectCommand({projectName: project, sortOrder: 'DESCENDING'}));
  const id = out.ids?.[0];
  return id ? getBuild(client, id) : null;
}
