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

/** The endpoint every client of these settings talks to (flag first, then the SDK's variable). */
export function endpointOf(endpointUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return endpointUrl ?? env.AWS_ENDPOINT_URL ?? undefined;
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
