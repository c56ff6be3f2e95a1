// CodeBuild on the simulated account (awsJson1_1, `X-Amz-Target: CodeBuild_20161006.<Operation>`): StartBuild,
// BatchGetBuilds and ListBuildsForProject for the projects a scenario declares (Panther's `panther-pulumi`). A build
// walks CodeBuild's phases on the scenario clock and succeeds; a scenario can record builds of its history.
import type http from 'node:http';
import {accountState, type AccountState} from './changesets.js';
import {JSON_CONTENT_TYPE, jsonError} from './protocol-json.js';
import {keyedFloat} from './random.js';
import type {ServerState} from './server.js';
import type {World} from './world.js';

export interface SimBuild {
  id: string;
  arn: string;
  number: number;
  project: string;
  start: number;
  phases: {type: string; start: number; end: number}[];
  end: number;
  status: 'SUCCEEDED' | 'FAILED';
  /** The StartBuild request's idempotencyToken: the same token within 5 minutes gets this build back. */
  idempotencyToken?: string;
}

const TARGET = /^CodeBuild_20161006\.(\w+)$/;

export function isCodeBuildTarget(target: string): boolean {
  return TARGET.test(target);
}

// Typical durations (ms) of a `pulumi up` build, phase by phase.
const PHASES: [string, number, number][] = [
  ['SUBMITTED', 500, 1500],
  ['QUEUED', 2000, 6000],
  ['PROVISIONING', 15_000, 30_000],
  ['DOWNLOAD_SOURCE', 3000, 8000],
  ['INSTALL', 20_000, 40_000],
  ['PRE_BUILD', 5000, 12_000],
  ['BUILD', 120_000, 200_000],
  ['POST_BUILD', 2000, 6000],
  ['UPLOAD_ARTIFACTS', 1000, 3000],
  ['FINALIZING', 2000, 4000],
];

function projectOf(world: World, st: AccountState, input: {projectName?: unknown}): string {
  const project = typeof input.projectName === 'string' ? input.projectName : '';
  if (!project) throw new CodeBuildError('InvalidInputException', '1 validation error detected: projectName must not be null');
  if (!st.projects.has(project)) {
    throw new CodeBuildError(
      'ResourceNotFoundException',
      `Project cannot be found: arn:aws:codebuild:${world.region}:${world.account}:project/${project}`,
    );
  }
  return project;
}

function startBuild(world: World, st: AccountState, now: number, input: {projectName?: unknown; idempotencyToken?: unknown}): unknown {
  const project = projectOf(world, st, input);
  const token = typeof input.idempotencyToken === 'string' ? input.idempotencyToken : undefined;
  // As CodeBuild: a request sent again with the same token (a retry after a lost answer) starts no second build.
  const again = token ? st.builds.find(b => b.idempotencyToken === token && now - b.start < 5 * 60_000) : undefined;
  if (again) return {build: buildJson(world, again, now)};
  const build = recordBuild(world, st, project, now);
  if (token) build.idempotencyToken = token;
  return {build: buildJson(world, build, now)};
}

/** A build of `project` started at `start` (epoch ms), played on the clock. */
function recordBuild(world: World, st: AccountState, project: string, start: number): SimBuild {
  const now = start;
  const uuid = st.random.uuid();
  const id = `${project}:${uuid}`;
  let t = now;
  const phases = PHASES.map(([type, lo, hi]) => {
    const start = t;
    t += Math.round(lo + keyedFloat(st.seed, `${id}/${type}`) * (hi - lo));
    return {type, start, end: t};
  });
  const build: SimBuild = {
    id,
    arn: `arn:aws:codebuild:${world.region}:${world.account}:build/${id}`,
    number: st.builds.filter(b => b.project === project).length + 1,
    project,
    start: now,
    phases,
    end: t,
    status: 'SUCCEEDED',
  };
  st.builds.push(build);
  return build;
}

/** A scenario's history: a build of `project` that started at `start` (epoch ms, in the past). */
export function addPastBuild(world: World, project: string, start: number): void {
  recordBuild(world, accountState(world), project, start);
}

/** ListBuildsForProject: the project's build ids, newest first (AWS's default order), 100 a page. */
function listBuildsForProject(world: World, st: AccountState, now: number, input: {projectName?: unknown; sortOrder?: unknown}): unknown {
  const project = projectOf(world, st, input);
  const builds = st.builds.filter(b => b.project === project && b.start <= now).sort((a, b) => a.start - b.start);
  const ids = builds.map(b => b.id);
  return {ids: input.sortOrder === 'ASCENDING' ? ids : ids.reverse()};
}

const seconds = (ms: number) => ms / 1000;

function buildJson(world: World, b: SimBuild, now: number): Record<string, unknown> {
  const done = now >= b.end;
  const current = done ? 'COMPLETED' : (b.phases.find(p => now < p.end)?.type ?? 'SUBMITTED');
  const phases = b.phases
    .filter(p => p.start <= now)
    .map(p => {
      const finished = now >= p.end;
      return {
        phaseType: p.type,
        phaseStatus: finished ? 'SUCCEEDED' : undefined,
        startTime: seconds(p.start),
        endTime: finished ? seconds(p.end) : undefined,
        durationInSeconds: finished ? Math.round((p.end - p.start) / 1000) : undefined,
      };
    });
  if (done) phases.push({phaseType: 'COMPLETED', startTime: seconds(b.end)} as (typeof phases)[number]);
  const stream = b.id.split(':')[1];
  return {
    id: b.id,
    arn: b.arn,
    buildNumber: b.number,
    startTime: seconds(b.start),
    endTime: done ? seconds(b.end) : undefined,
    currentPhase: current,
    buildStatus: done ? b.status : 'IN_PROGRESS',
    projectName: b.project,
    phases,
    source: {type: 'NO_SOURCE'},
    environment: {type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_MEDIUM'},
    logs: {
      groupName: `/aws/codebuild/${b.project}`,
      streamName: stream,
      deepLink: `https://console.aws.amazon.com/cloudwatch/home?region=${world.region}#logEvent:group=/aws/codebuild/${b.project};stream=${stream}`,
    },
    timeoutInMinutes: 60,
    queuedTimeoutInMinutes: 480,
    buildComplete: done,
    initiator: 'panther-console',
  };
}

function batchGetBuilds(world: World, st: AccountState, now: number, input: {ids?: unknown}): unknown {
  const ids = Array.isArray(input.ids) ? input.ids.filter((x): x is string => typeof x === 'string') : [];
  if (ids.length === 0) throw new CodeBuildError('InvalidInputException', '1 validation error detected: ids must not be empty');
  const builds = [];
  const notFound = [];
  for (const id of ids) {
    const b = st.builds.find(x => x.id === id || x.arn === id);
    if (b) builds.push(buildJson(world, b, now));
    else notFound.push(id);
  }
  return {builds, buildsNotFound: notFound};
}

class CodeBuildError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Serves one CodeBuild request (the server has read the body); counts it as "CodeBuild.<Operation>". */
export function serveCodeBuild(state: ServerState, target: string, body: string, requestId: string, res: http.ServerResponse): void {
  const operation = TARGET.exec(target)?.[1] ?? target;
  const key = `CodeBuild.${operation}`;
  state.counts.set(key, (state.counts.get(key) ?? 0) + 1);
  const send = (status: number, payload: string) => {
    // A lost response (faults.lostResponse): the build started, the caller never hears of it.
    if (state.faults.loseResponse(operation)) return void res.socket?.destroy();
    res.writeHead(status, {'content-type': JSON_CONTENT_TYPE, 'x-amzn-RequestId': requestId});
    res.end(payload);
  };
  const world = state.view.world;
  const st = accountState(world);
  const now = state.clock.now();
  try {
    const input = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
    if (operation === 'StartBuild') return send(200, JSON.stringify(startBuild(world, st, now, input)));
    if (operation === 'BatchGetBuilds') return send(200, JSON.stringify(batchGetBuilds(world, st, now, input)));
    if (operation === 'ListBuildsForProject') return send(200, JSON.stringify(listBuildsForProject(world, st, now, input)));
    return send(400, jsonError('UnknownOperationException', `Unknown operation ${target}`));
  } catch (err) {
    if (err instanceof CodeBuildError) return send(400, jsonError(err.code, err.message));
    if (err instanceof SyntaxError) return send(400, jsonError('SerializationException', 'Malformed JSON body'));
    throw err;
  }
}
