// `preflight --format json`: the report as one object, for scripts and CI. Its type is the schema's
// (preflight-json-schema.ts, docs/schemas/preflight.schema.json).
import {countByStatus} from '../panther/preflight/report.js';
import type {PreflightReport} from '../panther/preflight/types.js';
import {sanitizeDeep} from '../text/sanitize.js';
import {verdict} from './preflight-common.js';
import type {PreflightJson} from './preflight-json-schema.js';

export function preflightJson(report: PreflightReport): PreflightJson {
  return sanitizeDeep({
    stackName: report.stackName,
    region: report.region,
    account: report.account,
    principal: report.principal,
    version: report.version,
    paramsFile: report.paramsFile,
    result: verdict(report),
    summary: countByStatus(report.checks),
    checks: report.checks.map(c => ({id: c.id, group: c.group, title: c.title, status: c.status, found: c.found, action: c.action})),
    // The report keeps counts by any service name; the command counts exactly the six it calls (apiCallsOf).
    apiCalls: report.apiCalls as PreflightJson['apiCalls'],
  });
}
