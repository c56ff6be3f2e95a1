// The watch console's sessions, built here (the screen never calls AWS): a session is one deployment open, with its
// own context (clients for its profile and region), polling store and panther-pulumi build check; the picker's list
// is `deployments`' reader over the session's profile (or the demo's accounts) and Panther's regions.
import type {AwsSettings} from '../aws/clients.js';
import {CodeBuildGateway, PULUMI_PROJECT} from '../aws/codebuild.js';
import {readDeployments, type ProfileTarget} from '../aws/deployments-reader.js';
import {deployedTemplateVersion} from '../aws/panther-version.js';
import {isRealFailure} from '../domain/reasons.js';
import type {Stack} from '../domain/types.js';
import type {Deployment} from '../panther/deployments.js';
import {SUPPORTED_REGIONS} from '../panther/regions.js';
import type {ConsoleSession, DeploymentsPort} from '../store/console-sessions.js';
import {PulumiBuildWatch, type PulumiPort} from '../store/pulumi-watch.js';
import {resolveRootStack} from '../store/resolve-root.js';
import type {ConsoleStore} from '../store/store.js';
import {buildContext, type CommandContext, type CommonFlags} from './context.js';

/** Which deployments the picker lists: profiles (or the sim's accounts) x regions, through one endpoint. */
export interface PickerScope {
  profiles: ProfileTarget[];
  regions: string[];
  endpointUrl?: string;
}

export interface SessionOptions {
  flags: CommonFlags;
  /** The deployments the picker lists; null: no picker (a recorded bundle holds one deployment). */
  scope: PickerScope | null;
  /** Around the CodeBuild port (the demo plays a started build on its simulated clock). */
  wrapPulumi?: (port: PulumiPort) => PulumiPort;
  /** Between reads of a running panther-pulumi build (ms; default the watcher's 5 s). */
  pulumiPollMs?: number;
  /** Makes the polling store of a session (watch.ts createStore). */
  createStore: (ctx: CommandContext, stack: string, flags: CommonFlags) => ConsoleStore;
}

/** The session's profile, as `deployments` would read it: the one given (or AWS_PROFILE), else the SDK's chain. */
export function sessionScope(ctx: CommandContext, flags: CommonFlags, env: NodeJS.ProcessEnv = process.env): PickerScope {
  const profiles: ProfileTarget[] = ctx.profile ? [{label: ctx.profile, profile: ctx.profile}] : [{label: env.AWS_PROFILE || 'default'}];
  // Panther's regions, and the one open when it is not among them (any stack can be watched).
  const regions = SUPPORTED_REGIONS.includes(ctx.region) ? [...SUPPORTED_REGIONS] : [...SUPPORTED_REGIONS, ctx.region];
  return {profiles, regions, ...(flags.endpointUrl ? {endpointUrl: flags.endpointUrl} : {})};
}

/** The build check's port on a session's clients: the deployed template's version, the project's builds, StartBuild. */
export function pulumiPort(ctx: CommandContext, codebuild: CodeBuildGateway): PulumiPort {
  return {
    project: PULUMI_PROJECT,
    deployedVersion: stackId => deployedTemplateVersion(ctx.gateway, stackId),
    latestBuild: () => codebuild.latestBuild(PULUMI_PROJECT),
    startBuild: () => codebuild.startBuild(PULUMI_PROJECT),
    getBuild: id => codebuild.getBuild(id),
  };
}

/**
 * A session on a store and its root (read before the first frame): the bell, the build check (none on a recorded
 * bundle), polling started. Closing it stops both and destroys the context's clients.
 */
export function startSession(ctx: CommandContext, store: ConsoleStore, root: Stack, options: SessionOptions): ConsoleSession {
  store.adoptRoot(root);
  const unwatch = options.flags.bell
    ? store.watch({
        onEvents: events => {
          // A BEL draws nothing, so it cannot tear Ink's frame.
          if (events.some(isRealFailure)) ctx.stdout.write('\x07');
        },
      })
    : () => {};
  const codebuild = ctx.replay ? null : new CodeBuildGateway(ctx.clients);
  const port = codebuild ? pulumiPort(ctx, codebuild) : null;
  const pulumi = port
    ? new PulumiBuildWatch(store, options.wrapPulumi ? options.wrapPulumi(port) : port, {
        place: {profile: ctx.profile, region: ctx.region},
        ...(options.pulumiPollMs ? {pollMs: options.pulumiPollMs} : {}),
      })
    : null;
  store.start();
  let closed = false;
  return {
    stackId: root.stackId,
    store,
    pulumi,
    close: () => {
      if (closed) return;
      closed = true;
      unwatch();
      pulumi?.stop();
      store.stop();
      codebuild?.destroy();
      ctx.clients.destroy();
    },
  };
}

/** A new session on a listed deployment: clients for its profile and region, its root read, polling started. */
export async function openDeployment(settings: AwsSettings, deployment: Deployment, options: SessionOptions): Promise<ConsoleSession> {
  const ctx = await buildContext(settings);
  // The screen is open: warnings go to its status bar, never to stderr under the frame.
  ctx.screenOpen = true;
  try {
    const root = await resolveRootStack(ctx.gateway, deployment.stackId, deployment.region);
    return startSession(ctx, options.createStore(ctx, deployment.stackName, options.flags), root, options);
  } catch (error) {
    ctx.clients.destroy();
    throw error;
  }
}

/** The picker's port: the list read with `deployments`' reader; a deployment opened with the profile that saw it first. */
export function deploymentsPort(scope: PickerScope, options: SessionOptions): DeploymentsPort {
  return {
    list: progress =>
      readDeployments({
        profiles: scope.profiles,
        regions: scope.regions,
        ...(scope.endpointUrl ? {endpointUrl: scope.endpointUrl} : {}),
        onProgress: progress,
      }),
    open: deployment => {
      const target = scope.profiles.find(p => p.label === deployment.profiles[0]) ?? scope.profiles[0];
      const settings: AwsSettings = {
        region: deployment.region,
        ...(target?.profile ? {profile: target.profile} : {}),
        ...(target?.credentials ? {credentials: target.credentials} : {}),
        ...(scope.endpointUrl ? {endpointUrl: scope.endpointUrl} : {}),
      };
      return openDeployment(settings, deployment, options);
    },
  };
}
