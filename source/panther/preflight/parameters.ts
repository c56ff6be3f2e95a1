// Check group 3: the parameters file of the first deploy, against the catalogue of source/panther/parameters.ts:
// required values present and well formed, numeric ranges, unknown keys (a typo gets the nearest known name), and
// the first-deploy rule: every optional value away from its default is a warning (set it in a later update, so a
// failure rolls back only that update). Pure: the command reads and parses the file (panther/params-file.ts).
import semver from 'semver';
import {PARAMETERS, type ParameterRule} from '../parameters.js';
import type {Check} from './types.js';

/**
 * Parameters of the open-source root template that are not in the catalogue and need no rule: names shown in
 * Panther's UI. Set or not, a first deploy has nothing to say about them.
 */
const COSMETIC_PARAMETERS = ['CompanyDisplayName', 'FirstUserGivenName', 'FirstUserFamilyName'];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:(\d{12}):secret:[A-Za-z0-9/_+=.@-]+$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):(\d{12}):certificate\/[A-Za-z0-9-]+$/;
const ACCOUNT_ID = /^\d{12}$/;

/** Levenshtein distance, case-insensitive (a wrong case is a typo too). */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({length: y.length + 1}, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/** The known name closest to `key`, when close enough to be a typo of it. */
export function nearestKnownName(key: string, known: readonly string[] = knownParameterNames()): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const name of known) {
    const d = editDistance(key, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  if (best === null) return null;
  const limit = Math.max(2, Math.floor(best.length / 5));
  return bestDistance <= limit ? best : null;
}

export function knownParameterNames(): string[] {
  return [...PARAMETERS.map(p => p.name), ...COSMETIC_PARAMETERS];
}

const isRequired = (rule: ParameterRule, version: string) => rule.requiredFrom !== null && semver.gte(version, rule.requiredFrom);
const show = (v: string) => (v === '' ? '(blank)' : JSON.stringify(v));

/** Why a required value is malformed, or null when it is fine. */
function requiredProblem(rule: ParameterRule, value: string, account: string | null): {status: 'fail' | 'warn'; why: string} | null {
  switch (rule.name) {
    case 'FirstUserEmail':
      return EMAIL.test(value) ? null : {status: 'fail', why: `${show(value)} is not an email address`};
    case 'PulumiSecretArn':
    case 'PulumiSecretKeyArn': {
      const m = SECRET_ARN.exec(value);
      if (!m)
        return {status: 'fail', why: `${show(value)} is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)`};
      if (account && m[1] !== account)
        return {status: 'warn', why: `the secret is in account ${m[1]}, not ${account}: the deployment must be allowed to read it`};
      return null;
    }
    case 'ApiCertificateArn': {
      const m = ACM_ARN.exec(value);
      if (!m) return {status: 'fail', why: `${show(value)} is not an ACM certificate ARN`};
      if (m[1] !== 'us-east-1') return {status: 'fail', why: `the certificate is in ${m[1]}: CloudFront needs it in us-east-1`};
      return null;
    }
    default:
      return value === '' ? {status: 'fail', why: 'it is blank'} : null;
  }
}

export interface ParameterCheckInput {
  /** The file's values; null when no --params file was given. */
  params: Record<string, string> | null;
  paramsFile: string | null;
  /** The Panther version to be deployed. */
  version: string;
  /** The caller's account, to compare with ARNs' accounts. */
  account: string | null;
  /**
   * What the version's template declares (key -> its default, null when it has none), when it was read (deploy reads
   * it): a key the console's rules do not know is then judged by the template, not guessed at.
   */
  declared?: ReadonlyMap<string, string | null>;
}

export function parameterChecks(input: ParameterCheckInput): Check[] {
  const {params, version} = input;
  const required = PARAMETERS.filter(rule => isRequired(rule, version));
  const check = (id: string, title: string, status: Check['status'], found: string, action: string): Check => ({
    id: `parameters.${id}`,
    group: 'parameters',
    title,
    status,
    found,
    action,
  });
  if (!params) {
    return [
      check(
        'file',
        'Parameters',
        'unknown',
        `no --params file: the required ${required.map(r => r.name).join(', ')} and the first-deploy rules were not checked`,
        'pass --params FILE (the parameters you will give CloudFormation: JSON or Key=Value lines)',
      ),
    ];
  }
  const file = input.paramsFile ?? 'the params file';
  const checks: Check[] = [];
  const goodRequired: string[] = [];
  for (const rule of required) {
    const value = Object.hasOwn(params, rule.name) ? params[rule.name]! : undefined;
    if (value === undefined || value.trim() === '') {
      checks.push(
        check(
          rule.name,
          rule.name,
          'fail',
          `${value === undefined ? 'missing' : 'blank'}: ${rule.description} (required from ${rule.requiredFrom === '0.0.0' ? 'the first release' : rule.requiredFrom})`,
          `add ${rule.name} to ${file}`,
        ),
      );
      continue;
    }
    const problem = requiredProblem(rule, value, input.account);
    if (problem)
      checks.push(
        check(
          rule.name,
          rule.name,
          problem.status,
          problem.why,
          problem.status === 'fail' ? `fix ${rule.name} in ${file}` : `make sure the deployment role may read ${value}`,
        ),
      );
    else goodRequired.push(rule.name);
  }
  if (goodRequired.length === required.length) {
    checks.unshift(check('required', 'Required parameters', 'pass', `${goodRequired.join(', ')} present and well formed (Panther ${version})`, ''));
  }

  let atDefault = 0;
  for (const [key, value] of Object.entries(params)) {
    const rule = PARAMETERS.find(r => r.name === key);
    if (rule && isRequired(rule, version)) continue;
    if (!rule) {
      if (COSMETIC_PARAMETERS.includes(key)) continue;
      const declared = input.declared;
      if (declared?.has(key)) {
        const defaultValue = declared.get(key);
        // Required by the template (no default): a value it must have, not an optional setting.
        if (defaultValue === null || defaultValue === value) continue;
        checks.push(
          check(
            key,
            key,
            'warn',
            `${key} = ${show(value)}: an optional parameter of the ${version} template (default ${show(defaultValue ?? '')}) set on a first deploy`,
            `remove ${key} from ${file} and set it in a later update, once the first deploy has succeeded`,
          ),
        );
        continue;
      }
      const near = nearestKnownName(key);
      checks.push(
        near
          ? check(
              key,
              key,
              'fail',
              `unknown parameter ${key}: a typo of ${near}? CloudFormation rejects parameters its template does not declare`,
              `rename ${key} to ${near} in ${file}`,
            )
          : check(
              key,
              key,
              'warn',
              `${key} = ${show(value)} is not a parameter this console knows: an optional setting on a first deploy (and CloudFormation rejects it if the ${version} template does not declare it)`,
              `remove ${key} from ${file} and set it in a later update, once the first deploy has succeeded`,
            ),
      );
      continue;
    }
    if (rule.requiredFrom !== null && !isRequired(rule, version)) {
      checks.push(
        check(
          key,
          key,
          'warn',
          `${key} is only a parameter from ${rule.requiredFrom}: the ${version} template does not declare it, and CloudFormation rejects undeclared parameters`,
          `remove ${key} from ${file}`,
        ),
      );
      continue;
    }
    const line = optionalCheck(rule, value, file);
    if (line) checks.push(check(key, key, line.status, line.found, line.action));
    else atDefault++;
  }
  const optionalIssues = checks.some(c => c.id !== 'parameters.required' && !required.some(r => `parameters.${r.name}` === c.id));
  if (!optionalIssues) {
    checks.push(
      check(
        'optional',
        'Optional parameters',
        'pass',
        atDefault > 0
          ? `${atDefault} optional value${atDefault === 1 ? '' : 's'} given, all at their defaults`
          : 'none given: every optional parameter keeps its default',
        '',
      ),
    );
  }
  return checks;
}

/** The line for an optional parameter, or null when it is at its default (nothing to say). */
function optionalCheck(rule: ParameterRule, value: string, file: string): Omit<Check, 'id' | 'group' | 'title'> | null {
  const later = `set it in a later update (remove ${rule.name} from ${file} for the first deploy), so a failure rolls back only that update`;
  if (rule.min !== undefined || rule.max !== undefined) {
    const n = Number(value);
    const range = `${rule.min ?? '-'}..${rule.max ?? '-'}`;
    if (!/^\d+$/.test(value.trim()) || (rule.min !== undefined && n < rule.min) || (rule.max !== undefined && n > rule.max)) {
      return {
        status: 'fail',
        found: `${show(value)} is outside ${range}; ${rule.name}: ${rule.description}`,
        action: `set ${rule.name} to a whole number in ${range} (default ${rule.default})`,
      };
    }
  }
  if (rule.name === 'OnboardSelf' && value !== 'true' && value !== 'false') {
    return {status: 'fail', found: `${show(value)} must be true or false`, action: `set ${rule.name} to true or false in ${file}`};
  }
  if (rule.name === 'SupportRoleIdentityAccountId' || rule.name === 'OpsRoleIdentityAccountId') {
    if (value !== '' && !ACCOUNT_ID.test(value)) {
      return {status: 'fail', found: `${show(value)} is not a 12-digit AWS account ID`, action: `fix ${rule.name} in ${file}`};
    }
  }
  if (rule.warnWhenSet && value !== '' && value !== rule.default) {
    return {
      status: 'warn',
      found: `set to ${value}: deploys an admin operations role that account ${value} can assume`,
      action: `leave it blank unless Panther operations asked for it; if needed, ${later}`,
    };
  }
  if (rule.blankDisables && value === '') {
    const what =
      rule.name === 'SentryEnvironment'
        ? "error reporting is off: Panther's support will not see this deployment's errors"
        : rule.name === 'SupportRoleIdentityAccountId'
          ? "no read-only support role: Panther's support cannot look at the deployment when you ask for help"
          : `blank disables it (${rule.description})`;
    return {
      status: 'warn',
      found: `blank: ${what}`,
      action: `keep it blank only if that trade-off is intended${rule.default ? ` (default ${show(rule.default)})` : ''}`,
    };
  }
  if (rule.default === null || value === rule.default) return null;
  return {
    status: 'warn',
    found: `${show(value)} instead of the default ${show(rule.default)} on a first deploy; ${rule.name}: ${rule.description}`,
    action: later,
  };
}
