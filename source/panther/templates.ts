// Where Panther's templates live. An upgrade points CloudFormation at one of these URLs, so the console only
// builds them from a validated version and region, and refuses any other host unless the user named a base URL
// themselves (--template-base-url, e.g. a mirror bucket).
import {InputError} from '../errors.js';
import {isRegionName} from './regions.js';
import {parseVersion} from './version.js';

const DEPLOYMENT_ROLE_HOST = 'panther-public-cloudformation-templates.s3.amazonaws.com';
const PANTHER_HOST = /^panther-enterprise-([a-z0-9-]+)\.s3\.amazonaws\.com$/;

export class TemplateUrlError extends InputError {}

function version(v: string): string {
  const parsed = parseVersion(v);
  if (!parsed) throw new TemplateUrlError(`not a version: ${v}`);
  return parsed;
}

/**
 * Checks a --template-base-url: https (http only for a loopback host, i.e. a local mirror or the sim), no
 * credentials, no query or fragment. Returns it without a trailing slash.
 */
export function checkTemplateBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new TemplateUrlError(`--template-base-url ${input} is not a URL.`);
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new TemplateUrlError(`--template-base-url must be https (got ${url.protocol.replace(':', '')}).`);
  }
  if (url.username || url.password) throw new TemplateUrlError('--template-base-url must not carry credentials.');
  if (url.search || url.hash) throw new TemplateUrlError('--template-base-url must not have a query or fragment.');
  return url.toString().replace(/\/+$/, '');
}

/**
 * The root template of a version: `https://panther-enterprise-{region}.s3.amazonaws.com/v{version}/panther.yml`,
 * or `{base}/v{version}/panther.yml` with a --template-base-url.
 */
export function pantherTemplateUrl(v: string, region: string, baseUrl?: string): string {
  if (baseUrl) return `${checkTemplateBaseUrl(baseUrl)}/v${version(v)}/panther.yml`;
  if (!isRegionName(region)) throw new TemplateUrlError(`not a region name: ${region}`);
  return `https://panther-enterprise-${region}.s3.amazonaws.com/v${version(v)}/panther.yml`;
}

/**
 * The PantherDeploymentRole template of a version (one bucket for every region), or
 * `{base}/panther-deployment-role/v{version}/template.yml` with a --template-base-url.
 */
export function deploymentRoleTemplateUrl(v: string, baseUrl?: string): string {
  const base = baseUrl ? checkTemplateBaseUrl(baseUrl) : `https://${DEPLOYMENT_ROLE_HOST}`;
  return `${base}/panther-deployment-role/v${version(v)}/template.yml`;
}

/**
 * True for a URL of Panther's own buckets in the documented form (https, no port, no credentials, no query, a
 * `v{x.y.z}` path). The execute half refuses anything else unless the user gave --template-base-url.
 */
export function isOfficialTemplateUrl(input: string): boolean {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.port || url.username || url.password || url.search || url.hash) return false;
  const main = PANTHER_HOST.exec(url.hostname);
  if (main) {
    const m = /^\/v(\d+\.\d+\.\d+)\/panther\.yml$/.exec(url.pathname);
    return Boolean(m && parseVersion(m[1]) && isRegionName(main[1]));
  }
  if (url.hostname === DEPLOYMENT_ROLE_HOST) {
    const m = /^\/panther-deployment-role\/v(\d+\.\d+\.\d+)\/template\.yml$/.exec(url.pathname);
    return Boolean(m && parseVersion(m[1]));
  }
  return false;
}

/** True when `url` starts with the user's --template-base-url (so it is theirs, not a stray host). */
export function isUnderBaseUrl(url: string, baseUrl: string): boolean {
  const base = checkTemplateBaseUrl(baseUrl);
  return url.startsWith(`${base}/`);
}
