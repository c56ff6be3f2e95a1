// A role's trust policy over the wire: the sim's GetRole sends AssumeRolePolicyDocument URL-encoded, as IAM does;
// readRoleTrust decodes and reads it through the real SDK client. No such role is an answer, a refusal is "could
// not check".
import {GetRoleCommand, IAMClient} from '@aws-sdk/client-iam';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {decodeTrustDocument, readRoleTrust} from '../../source/aws/role-trust.js';
import {trustFindings, worstTrustLevel} from '../../source/panther/deployment-role-trust.js';
import {DEFAULT_EPOCH, startSim, type RunningSim} from '../../source/sim/index.js';
import {PREFLIGHT_IDENTITY_ACCOUNT, preflightWorld} from '../../source/sim/scenarios/preflight.js';

const config = (s: RunningSim) => ({
  region: 'us-east-2',
  endpoint: s.url,
  credentials: {accessKeyId: 'AKIDSIM', secretAccessKey: 'sim'},
  maxAttempts: 1,
});
const ROLE = 'PantherDeploymentRole-us-east-2';
const ENGINEER = 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a/engineer@example.com';

let broad: RunningSim;
let narrow: RunningSim;
let refused: RunningSim;
beforeAll(async () => {
  [broad, narrow, refused] = await Promise.all([
    startSim({scenario: 'preflight'}),
    startSim({scenario: 'preflight-clean'}),
    startSim({world: preflightWorld({scenario: 'preflight-no-getrole', seed: 7, t0: DEFAULT_EPOCH, clean: true, denied: ['IAM.GetRole']})}),
  ]);
});
afterAll(() => Promise.all([broad.close(), narrow.close(), refused.close()]));

describe('the trust policy GetRole sends', () => {
  it("is URL-encoded JSON, as IAM sends it, and decodes to the scenario's document", async () => {
    const iam = new IAMClient(config(broad));
    try {
      const role = (await iam.send(new GetRoleCommand({RoleName: ROLE}))).Role!;
      expect(role.AssumeRolePolicyDocument).toMatch(/^%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B/);
      const expected = broad.world.iam!.roles.find(r => r.name === ROLE)!.trustPolicy;
      expect(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!))).toEqual(expected);
      // A role the scenario gives no trust: CloudFormation's service alone.
      const audit = (await iam.send(new GetRoleCommand({RoleName: 'PantherAuditRole-us-east-2'}))).Role!;
      expect(JSON.parse(decodeURIComponent(audit.AssumeRolePolicyDocument!)).Statement).toEqual([
        {Effect: 'Allow', Principal: {Service: 'cloudformation.amazonaws.com'}, Action: 'sts:AssumeRole'},
      ]);
    } finally {
      iam.destroy();
    }
  });
});

describe('readRoleTrust', () => {
  it("reads the preflight account's broad trust: the account root, another account and CloudFormation", async () => {
    const iam = new IAMClient(config(broad));
    try {
      const read = await readRoleTrust({iam}, ROLE);
      if (!read.ok || !read.value) throw new Error('no trust read');
      const trust = read.value;
      expect(trust).toMatchObject({name: ROLE, arn: `arn:aws:iam::123456789012:role/${ROLE}`});
      expect(trust.policy.statements.flatMap(s => s.principals.map(p => p.value))).toEqual([
        'arn:aws:iam::123456789012:root',
        `arn:aws:iam::${PREFLIGHT_IDENTITY_ACCOUNT}:root`,
        'cloudformation.amazonaws.com',
      ]);
      const findings = trustFindings(trust.policy, {account: '123456789012', deployingPrincipalArn: ENGINEER, roleName: trust.name});
      expect(findings.map(f => f.level)).toEqual(['note', 'fail', 'warn', 'pass']);
      expect(worstTrustLevel(findings)).toBe('fail');
    } finally {
      iam.destroy();
    }
  });

  it("takes a role ARN (its path too) and passes the clean account's narrow trust", async () => {
    const iam = new IAMClient(config(narrow));
    try {
      const read = await readRoleTrust({iam}, `arn:aws:iam::123456789012:role/${ROLE}`);
      if (!read.ok || !read.value) throw new Error('no trust read');
      const findings = trustFindings(read.value.policy, {account: '123456789012', deployingPrincipalArn: ENGINEER, roleName: read.value.name});
      expect(findings.map(f => f.level)).toEqual(['note', 'pass', 'pass']);
      const sso = await readRoleTrust(
        {iam},
        'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a',
      );
      expect(sso).toMatchObject({ok: true, value: {name: 'AWSReservedSSO_AdministratorAccess_3f1c2a9e8b7d6c5a'}});
      expect(narrow.calls()).toEqual({'IAM.GetRole': 2});
    } finally {
      iam.destroy();
    }
  });

  it('answers null for a role that does not exist, and refuses what is not a role', async () => {
    const iam = new IAMClient(config(narrow));
    try {
      expect(await readRoleTrust({iam}, 'PantherDeploymentRole-eu-west-1')).toEqual({ok: true, value: null});
      expect(await readRoleTrust({iam}, 'arn:aws:iam::123456789012:user/bob')).toEqual({
        ok: false,
        reason: 'arn:aws:iam::123456789012:user/bob is not an IAM role name or role ARN',
      });
    } finally {
      iam.destroy();
    }
  });

  it('could not check when GetRole is denied, with why', async () => {
    const iam = new IAMClient(config(refused));
    try {
      expect(await readRoleTrust({iam}, ROLE)).toEqual({ok: false, reason: `iam:GetRole ${ROLE} denied (AccessDenied)`});
    } finally {
      iam.destroy();
    }
  });
});

describe('decodeTrustDocument', () => {
  it('reads a plain JSON document as it is (a % in a value stays), and says why a broken one cannot be read', () => {
    const plain = JSON.stringify({
      Statement: [{Effect: 'Allow', Principal: {AWS: '*'}, Action: 'sts:AssumeRole', Condition: {StringEquals: {'sts:ExternalId': '100%'}}}],
    });
    expect(decodeTrustDocument(plain)).toMatchObject({ok: true, value: {statements: [{conditions: [{values: ['100%']}]}]}});
    expect(decodeTrustDocument('%7B%22Statement%')).toEqual({ok: false, reason: 'its trust policy is not URL-encoded JSON'});
    expect(decodeTrustDocument(encodeURIComponent('{"Statement": []}'))).toEqual({
      ok: false,
      reason: 'its trust policy could not be read: the document has no Statement',
    });
    expect(decodeTrustDocument(undefined)).toEqual({ok: false, reason: 'IAM returned no trust policy for it'});
  });

  it('sanitises every string: condition values are free text', () => {
    const doc = encodeURIComponent(
      JSON.stringify({
        Statement: {Effect: 'Allow', Principal: {AWS: '*'}, Action: 'sts:AssumeRole', Condition: {StringEquals: {'sts:ExternalId': 'a\u001b[2Jb'}}},
      }),
    );
    expect(decodeTrustDocument(doc)).toMatchObject({ok: true, value: {statements: [{conditions: [{values: ['ab']}]}]}});
  });
});
