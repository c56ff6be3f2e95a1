// A preflight report with each status, for the Checks screen's tests.
import type {Check, PreflightReport} from '../../source/panther/preflight/types.js';

const check = (id: string, status: Check['status'], title: string, found: string, action = ''): Check => ({
  id,
  group: 'old-infrastructure',
  title,
  status,
  found,
  action,
});

export const preflightReport: PreflightReport = {
  stackName: 'panther-prod',
  region: 'us-east-2',
  account: '123456789012',
  principal: 'arn:aws:iam::123456789012:user/dev',
  version: '1.39.7',
  paramsFile: 'params.json',
  apiCalls: {},
  checks: [
    check('region', 'pass', 'Region', 'us-east-2 is supported'),
    check('identity', 'pass', 'Identity', 'account 123456789012'),
    check(
      'role:PantherAuditRole-us-east-2',
      'fail',
      'Legacy role PantherAuditRole-us-east-2',
      'the role exists',
      'aws iam delete-role --role-name PantherAuditRole-us-east-2',
    ),
    check('bucket', 'warn', 'Retained bucket panther-bootstrap-x', 'bucket still exists', 'aws s3 rb s3://panther-bootstrap-x --force'),
    check('scp', 'fail', 'Service control policies', 's3:PutEncryptionConfiguration denied by p-deny4s3'),
    check('simulate', 'unknown', 'Permissions of the caller', 'iam:SimulatePrincipalPolicy was denied'),
  ],
};
