// The HTTP front door: reads a request, counts it, applies faults, dispatches by protocol and writes the response.
import {randomUUID} from 'node:crypto';
import http from 'node:http';
import {cloudFormationActions, type QueryHandler} from './cloudformation.js';
import {lookupEvents} from './cloudtrail.js';
import type {SimClock} from './clock.js';
import {SimError} from './errors.js';
import type {FaultKind, Faults, Service} from './faults.js';
import {JSON_CONTENT_TYPE, jsonError, parseTarget} from './protocol-json.js';
import {CFN_NAMESPACE, STS_NAMESPACE, parseQuery, queryError, queryResponse} from './protocol-query.js';
import {IAM_NAMESPACE, IAM_VERSION, iamActions} from './iam.js';
import {handleOrganizations, organizationsOperation} from './organizations.js';
import {handleS3, s3Error, s3Operation} from './s3.js';
import {stsActions} from './sts.js';
import {applyDue} from './changesets.js';
import {isCodeBuildTarget, serveCodeBuild} from './codebuild.js';
import {dataErrorType, dataTarget, handleDataService, type DataTarget} from './data-services.js';
import type {WorldView} from './view.js';
import type {CallerScope} from './world.js';

export interface ServerState {
  view: WorldView;
  clock: SimClock;
  faults: Faults;
  counts: Map<string, number>;
  /** How the injected latency is waited out (real time by default; a test may record it instead). */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>(r => setTimeout(r, ms));

const SERVICE_LABEL: Record<Service, string> = {
  cloudformation: 'CloudFormation',
  cloudtrail: 'CloudTrail',
  sts: 'STS',
  iam: 'IAM',
  s3: 'S3',
  organizations: 'Organizations',
  dynamodb: 'DynamoDB',
  logs: 'Logs',
  kms: 'KMS',
};

const QUERY_FAULTS: Record<ServiceFault, {code: string; message: string; status: number}> = {
  throttle: {code: 'Throttling', message: 'Rate exceeded', status: 400},
  expiredToken: {code: 'ExpiredToken', message: 'The security token included in the request is expired', status: 403},
};
const JSON_FAULTS: Record<ServiceFault, {code: string; message: string; status: number}> = {
  throttle: {code: 'ThrottlingException', message: 'Rate exceeded', status: 400},
  expiredToken: {code: 'ExpiredTokenException', message: 'The security token included in the request is expired', status: 403},
};

export function createSimServer(state: ServerState): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(state, req, res, Buffer.concat(chunks).toString('utf8')).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, {'content-type': 'text/plain'});
          res.end(String(err));
        }
      });
    });
  });
}

async function handle(state: ServerState, req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
  const requestId = randomUUID();
  // Change sets executed earlier move parameters and tags as their updates progress.
  applyDue(state.view, state.clock.now());
  const url = req.url ?? '/';
  if (req.method === 'GET' && url.startsWith('/__sim')) return status(state, res);

  // S3 is REST-XML: recognised by the service in its SigV4 credential scope.
  if (signedService(req) === 's3') return serveS3(state, req, res, requestId);

  const target = req.headers['x-amz-target'];
  if (typeof target === 'string' && isCodeBuildTarget(target)) return serveCodeBuild(state, target, body, requestId, res);
  const data = typeof target === 'string' ? dataTarget(target) : null;
  if (data) return serveData(state, req, res, requestId, data, body);
  const orgOperation = typeof target === 'string' ? organizationsOperation(target) : null;
  if (typeof target === 'string' && orgOperation !== null) return serveOrganizations(state, req, res, requestId, orgOperation);
  if (typeof target === 'string') {
    const parsed = parseTarget(target);
    const operation = parsed?.operation ?? target;
    const send = (status: number, payload: string) => {
      res.writeHead(status, {'content-type': JSON_CONTENT_TYPE, 'x-amzn-RequestId': requestId});
      res.end(payload);
    };
    if (!(await admit(state, 'cloudtrail', operation, req))) return;
    const fault = state.faults.decide('cloudtrail');
    if (transportFault(fault, req, res, 'json')) return;
    if (fault) return send(JSON_FAULTS[fault].status, jsonError(JSON_FAULTS[fault].code, JSON_FAULTS[fault].message));
    if (callerScope(state, req)?.expired)
      return send(JSON_FAULTS.expiredToken.status, jsonError(JSON_FAULTS.expiredToken.code, JSON_FAULTS.expiredToken.message));
    if (isDenied(state, 'cloudtrail', operation)) return send(400, jsonError('AccessDeniedException', deniedMessage(state, 'cloudtrail', operation)));
    if (!parsed || operation !== 'LookupEvents') {
      return send(400, jsonError('UnknownOperationException', `Unknown operation ${target}`));
    }
    try {
      const input = body ? (JSON.parse(body) as unknown) : {};
      const out = lookupEvents(state.view.world, state.clock.now(), signedRegion(req) ?? state.view.world.region, input);
      return send(200, JSON.stringify(out));
    } catch (err) {
      if (err instanceof SimError) return send(err.status, jsonError(err.code, err.message));
      if (err instanceof SyntaxError) return send(400, jsonError('SerializationException', 'Malformed JSON body'));
      throw err;
    }
  }

  const {action, version, params} = parseQuery(body, url);
  const service: Service =
    version === '2011-06-15' || action === 'GetCallerIdentity'
      ? 'sts'
      : version === IAM_VERSION || signedService(req) === 'iam'
        ? 'iam'
        : 'cloudformation';
  const namespace = service === 'sts' ? STS_NAMESPACE : service === 'iam' ? IAM_NAMESPACE : CFN_NAMESPACE;
  const send = (status: number, payload: string) => {
    res.writeHead(status, {'content-type': 'text/xml', 'x-amzn-RequestId': requestId});
    res.end(payload);
  };
  const fail = (code: string, message: string, status = 400, type = 'Sender') => send(status, queryError(code, message, type, namespace, requestId));
  if (!(await admit(state, service, action || 'Unknown', req))) return;
  const fault = state.faults.decide(service);
  if (transportFault(fault, req, res, 'xml')) return;
  if (fault) return fail(QUERY_FAULTS[fault].code, QUERY_FAULTS[fault].message, QUERY_FAULTS[fault].status);
  const scope = callerScope(state, req);
  if (scope?.expired) return fail(QUERY_FAULTS.expiredToken.code, QUERY_FAULTS.expiredToken.message, QUERY_FAULTS.expiredToken.status);
  if (scope?.regionDisabled) return fail('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  if (isDenied(state, service, action)) return fail('AccessDenied', deniedMessage(state, service, action), 403);
  const handlers: Record<string, QueryHandler> = service === 'sts' ? stsActions : service === 'iam' ? iamActions : cloudFormationActions;
  const handler = Object.hasOwn(handlers, action) ? handlers[action] : undefined;
  if (!handler) return fail('InvalidAction', `Could not find operation ${action} for version ${version || 'NO_VERSION_SPECIFIED'}`);
  let result: ReturnType<QueryHandler>;
  try {
    result = handler(params, {view: state.view, now: state.clock.now(), scope, wake: () => wakeFixedClock(state.clock)});
  } catch (err) {
    if (!(err instanceof SimError)) throw err;
    if (state.faults.loseResponse(action)) return void req.socket.destroy();
    return fail(err.code, err.message, err.status, err.type);
  }
  // The action is done; a lost response never reaches the caller.
  if (state.faults.loseResponse(action)) return void req.socket.destroy();
  return send(200, queryResponse(action, namespace, result, requestId));
}

/**
 * A fixed clock stands still at the story's end; a write that appends events still to come (DeleteStack) sets it
 * playing in real time, so they arrive as they would in AWS (a few seconds later).
 */
function wakeFixedClock(clock: SimClock): void {
  if (clock.mode === 'fixed' && clock.speed() === 0) clock.setSpeed(1);
}

/** Organizations (awsJson1_1, X-Amz-Target AWSOrganizationsV20161128.*). */
async function serveOrganizations(
  state: ServerState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  requestId: string,
  operation: string,
): Promise<void> {
  const send = (status: number, payload: string) => {
    res.writeHead(status, {'content-type': JSON_CONTENT_TYPE, 'x-amzn-RequestId': requestId});
    res.end(payload);
  };
  if (!(await admit(state, 'organizations', operation, req))) return;
  const fault = state.faults.decide('organizations');
  if (transportFault(fault, req, res, 'json')) return;
  if (fault)
    return send(
      JSON_FAULTS[fault].status,
      jsonError(fault === 'throttle' ? 'TooManyRequestsException' : JSON_FAULTS[fault].code, JSON_FAULTS[fault].message),
    );
  if (isDenied(state, 'organizations', operation)) {
    return send(400, jsonError('AccessDeniedException', "You don't have permissions to access this resource."));
  }
  try {
    return send(200, JSON.stringify(handleOrganizations(state.view.world, operation)));
  } catch (err) {
    if (err instanceof SimError) return send(err.status, jsonError(err.code, err.message));
    throw err;
  }
}

/** DynamoDB (awsJson1_0), CloudWatch Logs and KMS (awsJson1_1): the reads of what a rollback retained. */
async function serveData(
  state: ServerState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  requestId: string,
  target: DataTarget,
  body: string,
): Promise<void> {
  const send = (status: number, payload: string) => {
    res.writeHead(status, {'content-type': target.contentType, 'x-amzn-RequestId': requestId});
    res.end(payload);
  };
  const error = (status: number, code: string, message: string) => send(status, jsonError(dataErrorType(target.service, code), message));
  if (!(await admit(state, target.service, target.operation, req))) return;
  const fault = state.faults.decide(target.service);
  if (transportFault(fault, req, res, 'json')) return;
  if (fault) return error(JSON_FAULTS[fault].status, JSON_FAULTS[fault].code, JSON_FAULTS[fault].message);
  if (isDenied(state, target.service, target.operation))
    return error(400, 'AccessDeniedException', deniedMessage(state, target.service, target.operation));
  try {
    return send(200, JSON.stringify(handleDataService(state.view.world, target, body)));
  } catch (err) {
    if (err instanceof SimError) return error(err.status, err.code, err.message);
    throw err;
  }
}

/** S3 (REST-XML, path-style): ListBuckets, ListObjectVersions. */
async function serveS3(state: ServerState, req: http.IncomingMessage, res: http.ServerResponse, requestId: string): Promise<void> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const operation = s3Operation(method, url);
  const send = (status: number, payload: string) => {
    res.writeHead(status, {'content-type': 'application/xml', 'x-amz-request-id': requestId});
    res.end(payload);
  };
  if (!(await admit(state, 's3', operation, req))) return;
  const fault = state.faults.decide('s3');
  if (transportFault(fault, req, res, 'xml')) return;
  if (fault === 'throttle') return send(503, s3Error('SlowDown', 'Please reduce your request rate.', requestId));
  if (fault) return send(400, s3Error('ExpiredToken', QUERY_FAULTS[fault].message, requestId));
  if (isDenied(state, 's3', operation)) return send(403, s3Error('AccessDenied', 'Access Denied', requestId));
  try {
    const out = handleS3(state.view.world, method, url);
    return send(out.status, out.body);
  } catch (err) {
    if (err instanceof SimError) return send(err.status, s3Error(err.code, err.message, requestId));
    throw err;
  }
}

type ServiceFault = 'throttle' | 'expiredToken';

/**
 * Faults below the service's own error format, answered here for every protocol: a reset, a silent connection, a
 * proxy's HTML error page, a body cut off mid-document. True when the request was answered (or left hanging).
 */
function transportFault(
  fault: FaultKind | null,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: 'xml' | 'json',
): fault is Exclude<FaultKind, ServiceFault> {
  switch (fault) {
    case 'outage':
      req.socket.destroy();
      return true;
    case 'hang':
      // Read, never answered: the socket stays open until the client times out (or the server closes).
      return true;
    case 'serverError':
      res.writeHead(500, {'content-type': 'text/html'});
      res.end('<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>');
      return true;
    case 'malformed':
      res.writeHead(200, {'content-type': body === 'xml' ? 'text/xml' : JSON_CONTENT_TYPE});
      res.end(body === 'xml' ? '<?xml version="1.0"?>\n<Response><Result><Items><member><Name>cut-' : '{"Events": [{"EventId": "cut-');
      return true;
    default:
      return false;
  }
}

/** The scenario denies this call to the caller (world.denied lists "Service.Action"). */
function isDenied(state: ServerState, service: Service, action: string): boolean {
  return state.view.world.denied?.includes(`${SERVICE_LABEL[service]}.${action}`) ?? false;
}

function deniedMessage(state: ServerState, service: Service, action: string): string {
  const prefix = service === 'cloudformation' ? 'cloudformation' : service;
  return `User: ${state.view.world.caller.arn} is not authorized to perform: ${prefix}:${action} because no identity-based policy allows the ${prefix}:${action} action`;
}

/** The service in the SigV4 credential scope (s3, iam, ...), or null for an unsigned request. */
function signedService(req: http.IncomingMessage): string | null {
  const m = /Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/([a-z0-9-]+)\//.exec(req.headers.authorization ?? '');
  return m ? m[1] : null;
}

/** Counts the call (faulted ones too) and waits out the injected latency; false if the client went away. */
async function admit(state: ServerState, service: Service, action: string, req: http.IncomingMessage): Promise<boolean> {
  const key = `${SERVICE_LABEL[service]}.${action}`;
  state.counts.set(key, (state.counts.get(key) ?? 0) + 1);
  const latency = state.faults.latencyMs;
  if (latency > 0) await (state.sleep ?? realSleep)(latency);
  return !req.socket.destroyed;
}

/**
 * Whose request it is, in a world of several accounts: the account of the access key it is signed with (a key the
 * world does not list is its default account) and the region it is signed for. Null in a world of one account.
 */
function callerScope(state: ServerState, req: http.IncomingMessage): CallerScope | null {
  const {world} = state.view;
  if (!world.accounts) return null;
  const key = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const entry = Object.hasOwn(world.accounts, key) ? world.accounts[key] : undefined;
  const account = entry?.account ?? world.account;
  const region = signedRegion(req) ?? world.region;
  return {
    account,
    region,
    caller: entry?.caller ?? {arn: world.caller.arn.replace(`::${world.account}:`, `::${account}:`), userId: world.caller.userId},
    expired: entry?.expired ?? false,
    regionDisabled: entry?.disabledRegions?.includes(region) ?? false,
  };
}

/** The region in the SigV4 credential scope (CloudTrail answers per region). */
function signedRegion(req: http.IncomingMessage): string | null {
  const auth = req.headers.authorization ?? '';
  const m = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(auth);
  return m ? m[1] : null;
}

function status(state: ServerState, res: http.ServerResponse): void {
  const {world} = state.view;
  const now = state.clock.now();
  res.writeHead(200, {'content-type': 'application/json'});
  res.end(
    JSON.stringify({
      scenario: world.scenario,
      region: world.region,
      account: world.account,
      rootStackName: world.rootStackName,
      rootStackId: world.rootStackId,
      clock: {
        mode: state.clock.mode,
        now: new Date(now).toISOString(),
        start: new Date(world.startTime).toISOString(),
        end: new Date(world.endTime).toISOString(),
        atEnd: state.clock.atEnd(),
      },
    }),
  );
}
