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
import {stsActions} from './sts.js';
import type {WorldView} from './view.js';

export interface ServerState {
  view: WorldView;
  clock: SimClock;
  faults: Faults;
  counts: Map<string, number>;
}

const SERVICE_LABEL: Record<Service, string> = {cloudformation: 'CloudFormation', cloudtrail: 'CloudTrail', sts: 'STS'};

const QUERY_FAULTS: Record<Exclude<FaultKind, 'outage'>, {code: string; message: string; status: number}> = {
  throttle: {code: 'Throttling', message: 'Rate exceeded', status: 400},
  expiredToken: {code: 'ExpiredToken', message: 'The security token included in the request is expired', status: 403},
};
const JSON_FAULTS: Record<Exclude<FaultKind, 'outage'>, {code: string; message: string; status: number}> = {
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
  const url = req.url ?? '/';
  if (req.method === 'GET' && url.startsWith('/__sim')) return status(state, res);

  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    const parsed = parseTarget(target);
    const operation = parsed?.operation ?? target;
    const send = (status: number, payload: string) => {
      res.writeHead(status, {'content-type': JSON_CONTENT_TYPE, 'x-amzn-RequestId': requestId});
      res.end(payload);
    };
    if (!(await admit(state, 'cloudtrail', operation, req))) return;
    const fault = state.faults.decide('cloudtrail');
    if (fault === 'outage') return void req.socket.destroy();
    if (fault) return send(JSON_FAULTS[fault].status, jsonError(JSON_FAULTS[fault].code, JSON_FAULTS[fault].message));
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
  const service: Service = version === '2011-06-15' || action === 'GetCallerIdentity' ? 'sts' : 'cloudformation';
  const namespace = service === 'sts' ? STS_NAMESPACE : CFN_NAMESPACE;
  const send = (status: number, payload: string) => {
    res.writeHead(status, {'content-type': 'text/xml', 'x-amzn-RequestId': requestId});
    res.end(payload);
  };
  const fail = (code: string, message: string, status = 400, type = 'Sender') =>
    send(status, queryError(code, message, type, namespace, requestId));
  if (!(await admit(state, service, action || 'Unknown', req))) return;
  const fault = state.faults.decide(service);
  if (fault === 'outage') return void req.socket.destroy();
  if (fault) return fail(QUERY_FAULTS[fault].code, QUERY_FAULTS[fault].message, QUERY_FAULTS[fault].status);
  const handlers: Record<string, QueryHandler> = service === 'sts' ? stsActions : cloudFormationActions;
  const handler = Object.hasOwn(handlers, action) ? handlers[action] : undefined;
  if (!handler) return fail('InvalidAction', `Could not find operation ${action} for version ${version || 'NO_VERSION_SPECIFIED'}`);
  try {
    const result = handler(params, {view: state.view, now: state.clock.now()});
    return send(200, queryResponse(action, namespace, result, requestId));
  } catch (err) {
    if (err instanceof SimError) return fail(err.code, err.message, err.status, err.type);
    throw err;
  }
}

/** Counts the call (faulted ones too) and waits out the injected latency; false if the client went away. */
async function admit(state: ServerState, service: Service, action: string, req: http.IncomingMessage): Promise<boolean> {
  const key = `${SERVICE_LABEL[service]}.${action}`;
  state.counts.set(key, (state.counts.get(key) ?? 0) + 1);
  const latency = state.faults.latencyMs;
  if (latency > 0) await new Promise((r) => setTimeout(r, latency));
  return !req.socket.destroyed;
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
      clock: {mode: state.clock.mode, now: new Date(now).toISOString(), start: new Date(world.startTime).toISOString(), end: new Date(world.endTime).toISOString(), atEnd: state.clock.atEnd()},
    }),
  );
}
