// An endpoint on this machine (the embedded sim, a replay, moto, LocalStack) checks no signature, so asking the
// user for credentials to reach it is friction with no safety in it. Credentials the user has are still used;
// only when the SDK's chain finds none do these stand in. A remote endpoint never gets them.
import {defaultProvider} from '@aws-sdk/credential-provider-node';
import type {AwsCredentialIdentity, AwsCredentialIdentityProvider} from '@aws-sdk/types';

export const LOCAL_CREDENTIALS: AwsCredentialIdentity = {accessKeyId: 'panther-console-local', secretAccessKey: 'panther-console-local'};

/** 127.0.0.0/8, ::1, localhost (and its subdomains): an address that cannot leave this machine. */
export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url) return false;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The one endpoint every client of these settings is sure to talk to, or undefined when that is not certain:
 * --endpoint-url (the clients are given it), else AWS_ENDPOINT_URL when nothing can redirect a service elsewhere
 * (no AWS_ENDPOINT_URL_<SERVICE>, no AWS_IGNORE_CONFIGURED_ENDPOINT_URLS). The clients are then given it
 * explicitly too, so a profile's own endpoint settings cannot send the placeholders anywhere else.
 */
export function endpointOf(endpointUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (endpointUrl) return endpointUrl;
  if (!env.AWS_ENDPOINT_URL || env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) return undefined;
  if (Object.keys(env).some(k => k.startsWith('AWS_ENDPOINT_URL_') && env[k])) return undefined;
  return env.AWS_ENDPOINT_URL;
}

/** The SDK's chain, falling back to LOCAL_CREDENTIALS when it finds nothing at all. */
export function localFallbackCredentials(profile: string | undefined): AwsCredentialIdentityProvider {
  const chain = defaultProvider(profile ? {profile} : {});
  return async () => {
    try {
      return await chain();
    } catch (error) {
      if ((error as {name?: string}).name === 'CredentialsProviderError') return LOCAL_CREDENTIALS;
      throw error;
    }
  };
}
