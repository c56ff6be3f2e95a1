// The panther-pulumi CodeBuild build that finishes a deploy from 1.22: started once, followed to its end. Shared by
// the upgrade walk (after each rung's root update) and the deploy (after the create).
import {PULUMI_PROJECT, type BuildView, type CodeBuildGateway} from '../aws/codebuild.js';
import {AwsError} from '../errors.js';
import type {WalkEvent} from '../panther/upgrade-walk.js';
import type {WalkPacing} from './walk-pacing.js';

export interface BuildFollow {
  codebuild: CodeBuildGateway;
  index: number;
  dispatch(e: WalkEvent): void;
  /** The walk's waits (a walk told to stop starts nothing and stops waiting). */
  pace: WalkPacing;
  /** What runs in CodeBuild right now (what an interruption leaves running); null once it ended. */
  running(build: {build: string; logs: string} | null): void;
}

/** Starts the build and follows it; true when it succeeded (a failure is dispatched with its phase and logs). */
export async function followPulumiBuild(f: BuildFollow): Promise<boolean> {
  f.pace.checkAbort();
  const started = await f.codebuild.startBuild(PULUMI_PROJECT);
  f.running({build: started.id, logs: started.logsLink});
  f.dispatch({type: 'build-started', index: f.index, id: started.id});
  let build: BuildView = started;
  for (let i = 0; !build.complete && build.status === 'IN_PROGRESS'; i++) {
    if (i >= f.pace.maxPolls) throw new AwsError(`the ${PULUMI_PROJECT} build did not finish in time: it continues in CodeBuild.`);
    await f.pace.wait(f.pace.pollMs * 2);
    build = (await f.codebuild.getBuild(started.id)) ?? build;
    f.running({build: build.id, logs: build.logsLink});
    f.dispatch({type: 'build-status', index: f.index, status: build.status, phase: build.phase, logs: build.logsLink});
  }
  f.running(null);
  if (build.status !== 'SUCCEEDED') {
    f.dispatch({
      type: 'failed',
      index: f.index,
      message: `the ${PULUMI_PROJECT} build ${build.id} ended ${build.status}${build.failure ? `: ${build.failure}` : ''}${build.logsLink ? ` (logs: ${build.logsLink})` : ''}`,
    });
    return false;
  }
  return true;
}
