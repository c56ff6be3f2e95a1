// The parameter migrations of each upgrade step, as pure functions of the current parameters: what to change,
// to exactly which value, and what blocks a rung until the user supplies it. The ladder calls planStep once per
// rung, feeding each rung the parameters the previous one left.
import {InputError} from '../errors.js';
import semver from 'semver';
import {parameterRule} from './parameters.js';

export type MigrationId = 'deployment-role' | 'pip-libraries' | 'api-certificate' | 'api-alias-record' | 'pulumi-secrets';

/** One parameter the rung's root-stack update sets instead of UsePreviousValue. */
export interface ParameterChange {
  key: string;
  /** The deployed value; null when the parameter is new or the current parameters are unknown. */
  previous: string | null;
  /** The value to set; null while it is missing (the rung is blocked). */
  value: string | null;
}

export interface BlockedInput {
  parameter: string;
  problem: 'missing' | 'invalid';
  /** What is wrong and how to fix it, for the user. */
  message: string;
}

export interface Migration {
  id: MigrationId;
  /** When it happens: before the root stack's update, as part of it (parameters), or after it succeeded. */
  phase: 'before' | 'with' | 'after';
  title: string;
  /** One line for the user, with the exact values when they are known. */
  action: string;
  changes: ParameterChange[];
}

// ---------------------------------------------------------------------------------------------------------------
// 1.17 -> 1.18: three libraries moved into Panther's own image; listing them again in PipLibraries breaks the build.

export const PIP_LIBRARIES_REMOVED_IN_1_18: readonly string[] = ['jsonpath-ng', 'policyuniverse', 'requests'];

/** PEP 503: names compare case-insensitively with runs of `-`, `_`, `.` equal (`jsonpath_ng` is `jsonpath-ng`). */
function pipName(entry: string): string {
  const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(entry)?.[0] ?? entry;
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * PipLibraries without the given libraries: entries are comma-separated, may carry pins or extras
 * (`requests==2.0`, `requests[socks]>=2`), and are trimmed; the others keep their order and their pins.
 */
export function removePipLibraries(value: string, remove: readonly string[] = PIP_LIBRARIES_REMOVED_IN_1_18): {value: string; removed: string[]} {
  const unwanted = new Set(remove.map(pipName));
  const kept: string[] = [];
  const removed: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    (unwanted.has(pipName(entry)) ? removed : kept).push(entry);
  }
  return {value: kept.join(','), removed};
}

// ---------------------------------------------------------------------------------------------------------------
// ARNs the migrations ask for.

export type ArnCheck = {ok: true; value: string} | {ok: false; message: string};

const ACM_ARN = /^arn:(aws[a-z-]*):acm:([a-z0-9-]+):(\d{12}):certificate\/([A-Za-z0-9-]+)$/;

/**
 * ApiCertificateArn: `arn:aws:acm:us-east-1:<12 digits>:certificate/<id>`. The API is served through CloudFront,
 * which only takes ACM certificates from us-east-1, whatever region Panther is in.
 */
export function validateApiCertificateArn(input: string): ArnCheck {
  const value = input.trim();
  if (!value) return {ok: false, message: 'ApiCertificateArn is empty.'};
  if (!value.startsWith('arn:')) return {ok: false, message: `ApiCertificateArn ${value} is not an ARN.`};
  const m = ACM_ARN.exec(value);
  if (!m) {
    return {
      ok: false,
      message: `ApiCertificateArn ${value} is not an ACM certificate ARN (arn:aws:acm:us-east-1:<account>:certificate/<id>).`,
    };
  }
  if (m[1] !== 'aws') {
    return {ok: false, message: `ApiCertificateArn ${value} is in the ${m[1]} partition; Panther's API needs a commercial (aws) one.`};
  }
  if (m[2] !== 'us-east-1') {
    return {
      ok: false,
      message:
        `ApiCertificateArn ${value} is in ${m[2]}: the API is served through CloudFront, which only uses ACM ` +
        'certificates from us-east-1. Request or import the certificate for api.<your domain> in us-east-1.',
    };
  }
  return {ok: true, value};
}

const SECRET_ARN = /^arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):(\d{12}):secret:([A-Za-z0-9/_+=.@-]+)$/;

/** A Secrets Manager secret ARN (PulumiSecretArn, PulumiSecretKeyArn). */
export function validateSecretArn(name: string, input: string): ArnCheck {
  const value = input.trim();
  if (!value) return {ok: false, message: `${name} is empty.`};
  if (!SECRET_ARN.test(value)) {
    return {
      ok: false,
      message: `${name} ${value} is not a Secrets Manager ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>).`,
    };
  }
  return {ok: true, value};
}

/** The region of a Secrets Manager ARN, or null. */
export function secretArnRegion(arn: string): string | null {
  return SECRET_ARN.exec(arn.trim())?.[2] ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// 1.19.5: the API moves to api.<domain> behind a CloudFront distribution made by the Bootstrap stack; the DNS
// record is the user's, deployed as its own small stack so a Panther rollback never touches their zone.

export const API_DISTRIBUTION_DOMAIN_OUTPUT = 'PantherApiDistributionDomainName';
export const API_DISTRIBUTION_ZONE_OUTPUT = 'PantherApiDistributionHostedZoneId';

export interface AliasTemplateInput {
  /** The Panther domain; the record is `api.<domain>`. */
  domain: string;
  /** The Bootstrap stack's PantherApiDistributionDomainName output (e.g. d111111abcdef8.cloudfront.net). */
  distributionDomainName: string;
  /** The Bootstrap stack's PantherApiDistributionHostedZoneId output (CloudFront's is Z2FDTNDATAQYW2). */
  distributionHostedZoneId: string;
}

export class AliasTemplateError extends InputError {}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/**
 * The CloudFormation template (JSON, which CloudFormation reads as well as YAML and needs no quoting rules) of
 * the Route53 A alias record `api.<domain>` -> the API distribution. The user's hosted zone is a parameter: the
 * console cannot know which zone holds the domain.
 */
export function aliasRecordTemplate(input: AliasTemplateInput): string {
  const domain = input.domain.trim().toLowerCase().replace(/\.$/, '');
  const target = input.distributionDomainName.trim().toLowerCase().replace(/\.$/, '');
  const zone = input.distributionHostedZoneId.trim();
  if (!HOSTNAME.test(domain)) throw new AliasTemplateError(`${input.domain} is not a domain name.`);
  if (!HOSTNAME.test(target)) {
    throw new AliasTemplateError(`${API_DISTRIBUTION_DOMAIN_OUTPUT} ${input.distributionDomainName} is not a domain name.`);
  }
  if (!ZONE_ID.test(zone)) {
    throw new AliasTemplateError(`${API_DISTRIBUTION_ZONE_OUTPUT} ${input.distributionHostedZoneId} is not a hosted zone ID.`);
  }
  const name = `api.${domain}`;
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Route53 alias record ${name} for Panther's API distribution (generated by panther-console)`,
    Parameters: {
      HostedZoneId: {
        Type: 'AWS::Route53::HostedZone::Id',
        Description: `The Route53 hosted zone that holds ${domain}`,
      },
    },
    Resources: {
      PantherApiAliasRecord: {
        Type: 'AWS::Route53::RecordSet',
        Properties: {
          HostedZoneId: {Ref: 'HostedZoneId'},
          Name: `${name}.`,
          Type: 'A',
          AliasTarget: {DNSName: target, HostedZoneId: zone, EvaluateTargetHealth: false},
        },
      },
    },
    Outputs: {ApiDomainName: {Value: name}},
  };
  return `${JSON.stringify(template, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// One rung.

export const PULUMI_CODEBUILD_STEP = 'start the panther-pulumi CodeBuild build';
const API_CERT_FROM = parameterRule('ApiCertificateArn')?.requiredFrom ?? '1.19.5';
/** From this version a deploy is followed by the panther-pulumi CodeBuild build. */
export const PULUMI_FROM = parameterRule('PulumiSecretArn')?.requiredFrom ?? '1.22.0';

export interface StepInput {
  /** The version deployed before this rung. */
  from: string;
  /** The rung's version. */
  to: string;
  region: string;
  /** The rung's PantherDeploymentRole template URL. */
  deploymentRoleTemplateUrl: string;
  /** The root stack's parameters as the previous rung leaves them; null when unknown (--from without --stack). */
  parameters: Readonly<Record<string, string>> | null;
  /** New values the user supplied for this upgrade (--params FILE). */
  supplied: Readonly<Record<string, string>>;
  /** Parameters an earlier rung is already blocked on: reported there once, not again on every later rung. */
  pending?: readonly string[];
  /** The Panther domain (root parameter CustomDomain), for the api.<domain> record. */
  domain?: string;
  /**
   * The parameters the rung's template declares (GetTemplateSummary), when it was read: a migration sets or
   * demands a parameter only where the template declares it. Null or absent: the catalog's knowledge alone.
   */
  declared?: ReadonlySet<string> | null;
}

export interface StepPlan {
  migrations: Migration[];
  /** Steps after the root stack's update succeeded. */
  after: string[];
  blocked: BlockedInput[];
  /** Every parameter this rung sets (the rest stay UsePreviousValue). */
  changes: ParameterChange[];
  notes: string[];
  /** The parameters after this rung (input to the next); null when unknown. */
  parameters: Record<string, string> | null;
  /** The supplied values not yet applied (input to the next): a value is set once, by the first rung needing it. */
  supplied: Record<string, string>;
  /** `pending` plus this rung's blocked parameters (input to the next). */
  pending: string[];
}

const crosses = (from: string, to: string, at: string) => semver.lt(from, at) && semver.gte(to, at);
const quote = (v: string) => JSON.stringify(v);

/**
 * A parameter a rung needs: introduced by this rung (must be given) or required since earlier (must already be
 * there, when the current parameters are known). Returns the change, or the reason the rung is blocked.
 */
function requireParameter(
  name: string,
  check: (v: string) => ArnCheck,
  introduced: boolean,
  input: StepInput,
): {change: ParameterChange | null; blocked: BlockedInput | null; value: string | null} {
  if (input.pending?.includes(name)) return {change: null, blocked: null, value: null};
  const current = input.parameters ? (input.parameters[name] ?? '') : null;
  const supplied = input.supplied[name];
  // Unknown parameters and an older requirement: the deployed stack already passed CloudFormation's check.
  if (!introduced && current === null && supplied === undefined) return {change: null, blocked: null, value: null};
  const value = supplied ?? current ?? '';
  if (!value.trim()) {
    const rule = parameterRule(name);
    return {
      change: {key: name, previous: current || null, value: null},
      blocked: {
        parameter: name,
        problem: 'missing',
        message:
          `${name} is required from ${rule?.requiredFrom ?? input.to} ` + `(${rule?.description ?? 'a new parameter'}): give it in --params FILE.`,
      },
      value: null,
    };
  }
  const checked = check(value);
  if (!checked.ok) {
    return {
      change: {key: name, previous: current || null, value: null},
      blocked: {parameter: name, problem: 'invalid', message: checked.message},
      value: null,
    };
  }
  const change = checked.value !== current ? {key: name, previous: current || null, value: checked.value} : null;
  return {change, blocked: null, value: checked.value};
}

/** The migrations, after-steps and blockers of upgrading from `input.from` to the rung `input.to`. */
export function planStep(input: StepInput): StepPlan {
  const {from, to} = input;
  const migrations: Migration[] = [];
  const after: string[] = [];
  const blocked: BlockedInput[] = [];
  const notes: string[] = [];
  const apiDomain = input.domain ? `api.${input.domain}` : 'api.<your Panther domain>';
  const declares = (key: string) => !input.declared || input.declared.has(key);

  // Every rung: the role that deploys Panther must allow what the new version creates, so it goes first.
  const roleRequired = semver.gte(to, API_CERT_FROM) && semver.lt(to, '1.22.0');
  migrations.push({
    id: 'deployment-role',
    phase: 'before',
    title: 'Update the PantherDeploymentRole stack first',
    action:
      `${roleRequired ? "required for this step (Panther's notes for 1.19.5 to 1.21 call for it): " : ''}` +
      `update the PantherDeploymentRole stack to v${to} before the root stack (if you deploy with it)`,
    changes: [],
  });

  if (crosses(from, to, '1.18.0') && declares('PipLibraries')) {
    const current = input.supplied.PipLibraries ?? input.parameters?.PipLibraries;
    const names = PIP_LIBRARIES_REMOVED_IN_1_18.join(', ');
    if (current === undefined) {
      if (input.parameters === null) {
        migrations.push({
          id: 'pip-libraries',
          phase: 'with',
          title: `Remove ${names} from PipLibraries`,
          action: `remove ${names} from PipLibraries, keeping the rest (run with --stack to compute the exact value)`,
          changes: [],
        });
      }
    } else {
      const result = removePipLibraries(current);
      if (result.removed.length > 0) {
        const change = {key: 'PipLibraries', previous: current, value: result.value};
        migrations.push({
          id: 'pip-libraries',
          phase: 'with',
          title: `Remove ${names} from PipLibraries`,
          action: `set PipLibraries = ${quote(result.value)} (was ${quote(current)}; removes ${result.removed.join(', ')})`,
          changes: [change],
        });
      }
    }
  }

  const certIntroduced = crosses(from, to, API_CERT_FROM);
  if (semver.gte(to, API_CERT_FROM) && declares('ApiCertificateArn')) {
    const cert = requireParameter('ApiCertificateArn', validateApiCertificateArn, certIntroduced, input);
    if (cert.blocked) blocked.push(cert.blocked);
    if (certIntroduced || cert.change) {
      migrations.push({
        id: 'api-certificate',
        phase: 'with',
        title: `Set ApiCertificateArn (ACM certificate in us-east-1 for ${apiDomain})`,
        action: cert.value
          ? `set ApiCertificateArn = ${cert.value}`
          : `set ApiCertificateArn to an ACM certificate in us-east-1 for ${apiDomain} (blocked until given)`,
        changes: cert.change ? [cert.change] : [],
      });
    }
  }
  if (certIntroduced) {
    migrations.push({
      id: 'api-alias-record',
      phase: 'after',
      title: `Route53 alias record for ${apiDomain}`,
      action:
        `after the deploy, create an A alias record ${apiDomain} to the Bootstrap stack's outputs ` +
        `${API_DISTRIBUTION_DOMAIN_OUTPUT} / ${API_DISTRIBUTION_ZONE_OUTPUT}, as its own stack ` +
        '(ladder --write-alias-template FILE writes it)',
      changes: [],
    });
    after.push(`create the Route53 alias record stack for ${apiDomain} (ladder --write-alias-template FILE)`);
  }

  if (semver.gte(to, PULUMI_FROM)) {
    const introduced = crosses(from, to, PULUMI_FROM);
    const results = ['PulumiSecretArn', 'PulumiSecretKeyArn'].filter(declares).map(name => ({
      name,
      ...requireParameter(name, v => validateSecretArn(name, v), introduced, input),
    }));
    for (const r of results) {
      if (r.blocked) blocked.push(r.blocked);
      const region = r.value ? secretArnRegion(r.value) : null;
      if (region && region !== input.region) {
        notes.push(`${r.name} is in ${region}, not ${input.region} where Panther runs: check Panther can read it there.`);
      }
    }
    const changes = results.flatMap(r => (r.change ? [r.change] : []));
    if (results.length > 0 && (introduced || changes.length > 0)) {
      const parts = results.map(r => (r.value ? `${r.name} = ${r.value}` : `${r.name} (missing: Secrets Manager ARN)`));
      migrations.push({
        id: 'pulumi-secrets',
        phase: 'with',
        title: 'Set PulumiSecretArn and PulumiSecretKeyArn (Secrets Manager ARNs)',
        action: `set ${parts.join(', ')}`,
        changes,
      });
    }
    // From 1.22 part of Panther's infrastructure is deployed by Pulumi from a CodeBuild project, after the stack.
    after.push(PULUMI_CODEBUILD_STEP);
  }

  const changes = migrations.flatMap(m => m.changes);
  const parameters = input.parameters ? {...input.parameters} : null;
  const supplied = {...input.supplied};
  for (const c of changes) {
    if (c.value === null) continue;
    if (parameters) parameters[c.key] = c.value;
    delete supplied[c.key];
  }
  const pending = [...(input.pending ?? []), ...blocked.map(b => b.parameter)];
  return {migrations, after, blocked, changes, notes, parameters, supplied, pending};
}
