// `deployments --format json`: exactly the keys of docs/output-formats.md. Its type is the schema's
// (deployments-json-schema.ts, docs/schemas/deployments.schema.json).
import type {DeploymentsReport} from '../panther/deployments.js';
import {sanitizeDeep} from '../text/sanitize.js';
import type {DeploymentsJson} from './deployments-json-schema.js';

export function deploymentsJson(report: DeploymentsReport): DeploymentsJson {
  return sanitizeDeep({
    deployments: report.deployments.map(d => ({
      account: d.account,
      region: d.region,
      stackName: d.stackName,
      stackId: d.stackId,
      version: d.version,
      versionSource: d.versionSource,
      status: d.status,
      lastOperation: d.lastOperation,
      lastOperationAt: d.lastOperationAt,
      rungsBehind: d.rungsBehind,
      latestVersion: d.latestVersion,
      profiles: [...d.profiles],
    })),
    unreadable: report.unreadable.map(u => ({profile: u.profile, region: u.region, reason: u.reason, kind: u.kind})),
    apiCalls: {cloudformation: report.apiCalls.cloudformation},
  });
}
