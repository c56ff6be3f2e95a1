import {CloudFormationClient} from '@aws-sdk/client-cloudformation';
import {CloudTrailClient} from '@aws-sdk/client-cloudtrail';
import {STSClient} from '@aws-sdk/client-sts';
import type {AwsCredentialIdentity} from '@aws-sdk/types';
import {CallCounter} from './call-counter.js';
import {isUnreadableSuccess} from './errors.js';
import {endpointOf, isLoopbackUrl, localFallbackCredentials} from './local-credentials.js';
import {PageGuard} from './page-guard.js';
import {WarningLog} from './warnings.js';
import type {CallRecorder} from './recorder.js';
import {RateLimiter} from './rate-limiter.js';

export interface AwsSettings {
  region?: string;
  profile?: string;
  /** Overrides every service's endpoint (the sim, a replay, LocalStack...). AWS_ENDPOINT_URL* work without it. */
  endpointUrl?: string;
  /** For the embedded sim only: static credentials, so no real ones are looked up. */
  credentials?: AwsCredentialIdentity;
  /** SDK attempts per call (standard retry strategy, with its own backoff and jitter). */
  maxAttempts?: number;
  /** Client-side rate limits (requests/s). Defaults: CloudFormation 8 (its limits are unpublished), CloudTrail 2. */
  callsPerSecond?: {cloudformation?: number; cloudtrail?: number};
  /** Records every call's input and parsed output (the support bundle). */
  recorder?: CallRecorder;
  /** Per-attempt limits (ms); a timed-out attempt is retried like throttling. Defaults: REQUEST_TIMEOUTS. */
  timeouts?: Partial<RequestTimeouts>;
  /**
   * CloudFormation calls wait on this limiter instead of one of their own: the client sets of one account's regions
   * share it (`deployments`), so ten regions do not add up to ten times the rate.
   */
  cloudformationLimiter?: RateLimiter;
  /**
   * false: no placeholder credentials for a loopback endpoint when the chain finds none (local-credentials.ts). A
   * profile named on purpose brings its own, or is reported as having none.
   */
  localFallback?: boolean;
}

export interface RequestTimeouts {
  /** To open the TCP (and TLS) connection. */
  connectMs: number;
  /** Of silence on an open connection, while waiting or mid-answer (from 6 s up, the SDK arms it ~3 s late). */
  idleMs: number;
  /** For the answer to start (its status line), however slowly the request went out. */
  totalMs: number;
}

/**
 * AWS answers the console's calls in well under a second (LookupEvents in a few). Without limits one hung
 * connection would freeze a post-mortem for good; with them a hang costs one attempt, and the retry goes out on a
 * fresh connection.
 */
export const REQUEST_TIMEOUTS: RequestTimeouts = {connectMs: 5_000, idleMs: 15_000, totalMs: 30_000};

export interface AwsClients {
  cloudformation: CloudFormationClient;
  cloudtrail: CloudTrailClient;
  sts: STSClient;
  /** A CloudTrail client for another region (IAM and STS calls are logged in us-east-1); shares the limiter. */
  cloudtrailIn(region: string): CloudTrailClient;
  counter: CallCounter;
  /** What the console noticed and worked around (a repeated page token...): printed or shown, never fatal. */
  warnings: WarningLog;
  /** A guard for one paged read: `what` names it in the warning when it has to stop early. */
  pageGuard(what: string, maxPages: number): PageGuard;
  settings: AwsSettings;
  /** The region the SDK resolved (flag, AWS_REGION, profile). */
  region(): Promise<string>;
  destroy(): void;
}

/** What instrumenting needs of a client's middleware stack (the SDK's own type is generic per client). */
export type MiddlewareAdder = {add: (middleware: unknown, options: object) => void};

/** Any SDK v3 client (IAM, S3, Organizations... are built elsewhere with clientConfig and instrumented alike). */
type AnyClient = {middlewareStack: unknown};

/**
 * Counts every attempt (retries included: the account sees them) and, for a limited service, waits for the shared
 * rate limiter before the request leaves. The deserialize step runs once per attempt, inside the retry loop.
 */
export function instrument(client: AnyClient, service: string, counter: CallCounter, limiter: RateLimiter): void {
  (client.middlewareStack as MiddlewareAdder).add(
    (next: (args: unknown) => Promise<unknown>, context: {commandName?: string}) => async (args: unknown) => {
      await limiter.take();
      counter.add(service, (context.commandName ?? 'Unknown').replace(/Command$/, ''));
      // Inside the deserializer: next() resolves with the raw HTTP answer, whatever its status, and throws only when
      // none came (a reset, a timeout).
      const answer = await next(args);
      counter.answered();
      return answer;
    },
    {step: 'deserialize', name: 'pantherConsoleCallCounter', priority: 'low'},
  );
  // Outside the deserializer: a 2xx answer it could not parse (a body cut off mid-document) is sent once more, on
  // top of the retry strategy, which does not retry a "successful" answer. Reads only: a write that succeeded
  // must not be done twice. The counter above counts the second try.
  (client.middlewareStack as MiddlewareAdder).add(
    (next: (args: unknown) => Promise<unknown>, context: {commandName?: string}) => async (args: unknown) => {
      try {
        return await next(args);
      } catch (error) {
        if (!isUnreadableSuccess(error) || !READ_COMMAND.test(context.commandName ?? '')) throw error;
        return next(args);
      }
    },
    {step: 'deserialize', name: 'pantherConsoleRetryUnreadable', priority: 'high'},
  );
}

/** Commands that change nothing, so sending one twice is harmless. */
const READ_COMMAND = /^(Describe|List|Get|Lookup|BatchGet)\w*Command$/;

/** The configuration every client shares: region, profile, endpoint, credentials, retries. */
export function clientConfig(settings: AwsSettings) {
  return {
    ...(settings.region ? {region: settings.region} : {}),
    ...(settings.profile ? {profile: settings.profile} : {}),
    ...(settings.endpointUrl ? {endpoint: settings.endpointUrl} : {}),
    ...(settings.credentials ? {credentials: settings.credentials} : settings.localFallback === false ? {} : loopbackFallback(settings)),
    // Six attempts (the SDK's standard backoff between them) ride out a throttling burst of several seconds.
    maxAttempts: settings.maxAttempts ?? 6,
    retryMode: 'standard',
    logger: sdkLogger,
    requestHandler: requestHandlerOptions({...REQUEST_TIMEOUTS, ...settings.timeouts}),
  };
}

/** For an endpoint surely on this machine: its URL pinned on the clients, and placeholder credentials if none. */
function loopbackFallback(settings: AwsSettings): {endpoint?: string; credentials?: ReturnType<typeof localFallbackCredentials>} {
  const endpoint = endpointOf(settings.endpointUrl);
  if (!isLoopbackUrl(endpoint)) return {};
  return {endpoint, credentials: localFallbackCredentials(settings.profile)};
}

/** NodeHttpHandler options: each client builds its own handler from them (a plain object is enough). */
function requestHandlerOptions(t: RequestTimeouts) {
  return {
    connectionTimeout: t.connectMs,
    socketTimeout: t.idleMs,
    requestTimeout: t.totalMs,
    // Without it the SDK only logs a warning when requestTimeout passes, and keeps waiting.
    throwOnRequestTimeout: true,
  };
}

/**
 * The SDK's own warnings (several lines on stderr, e.g. "Multiple credential sources detected") would tear a
 * full-screen frame and break the one-line error contract: they go to stderr only with PANTHER_CONSOLE_DEBUG.
 */
const debugOnly = (...args: unknown[]): void => {
  if (process.env.PANTHER_CONSOLE_DEBUG) process.stderr.write(`${args.map(String).join(' ')}\n`);
};
const sdkLogger = {debug: debugOnly, info: debugOnly, warn: debugOnly, error: debugOnly};

export function createClients(settings: AwsSettings = {}): AwsClients {
  const common = clientConfig(settings);
  const counter = new CallCounter();
  const cloudformation = new CloudFormationClient(common);
  const cloudtrail = new CloudTrailClient(common);
  const sts = new STSClient(common);
  // CloudFormation's limits are unpublished; 8/s leaves room for other tools in the account.
  const cfnRate = settings.callsPerSecond?.cloudformation ?? 8;
  // A burst of twice the rate lets a post-mortem's few dozen calls go out without waiting.
  instrument(cloudformation, 'CloudFormation', counter, settings.cloudformationLimiter ?? new RateLimiter(cfnRate, cfnRate * 2));
  // LookupEvents: 2 requests per second per account and region.
  const trailRate = settings.callsPerSecond?.cloudtrail ?? 2;
  const trailLimiter = new RateLimiter(trailRate, trailRate);
  instrument(cloudtrail, 'CloudTrail', counter, trailLimiter);
  const regional = new Map<string, CloudTrailClient>();
  const warnings = new WarningLog();
  instrument(sts, 'STS', counter, new RateLimiter(5, 5));
  settings.recorder?.attach(cloudformation, 'CloudFormation');
  settings.recorder?.attach(cloudtrail, 'CloudTrail');
  settings.recorder?.attach(sts, 'STS');
  return {
    cloudformation,
    cloudtrail,
    sts,
    cloudtrailIn: region => {
      let client = regional.get(region);
      if (!client) {
        client = new CloudTrailClient({...common, region});
        instrument(client, 'CloudTrail', counter, trailLimiter);
        settings.recorder?.attach(client, 'CloudTrail');
        regional.set(region, client);
      }
      return client;
    },
    counter,
    warnings,
    pageGuard: (what, maxPages) => new PageGuard(what, maxPages, warnings.add),
    settings,
    region: async () => {
      const r = cloudformation.config.region;
      return typeof r === 'function' ? await r() : String(r);
    },
    destroy: () => {
      cloudformation.destroy();
      cloudtrail.destroy();
      sts.destroy();
      for (const client of regional.values()) client.destroy();
    },
  };
}
