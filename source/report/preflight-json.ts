// `preflight --format json`: the report as one object, for scripts and CI.
import {countByStatus} from '../panther/preflight/report.js';
import type {PreflightReport} from '../panther/preflight/types.js';
import {sanitizeDeep} from '../text/sanitize.js';
import {verdict} from './preflight-common.js';

export function preflightJson(report: PreflightReport) {
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
    apiCalls: report.apiCalls,
  });
}
