// A loopback endpoint (the sim, a replay, moto) needs no credentials from the user; a remote one never gets the
// placeholders.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createClients} from '../../source/aws/clients.js';
import {isLoopbackUrl, LOCAL_CREDENTIALS, localFallbackCredentials} from '../../source/aws/local-credentials.js';
import {startSim, type RunningSim} from '../../source/sim/index.js';

/** Runs fn with no credentials anywhere the SDK's chain looks (no variables, no files, no instance metadata). */
async function withoutCredentials<T>(fn: () => Promise<T>): Promise<T> {
  const saved = {...process.env};
  for (const key of Object.keys(process.env)) if (/^AWS_/.test(key)) delete process.env[key];
  Object.assign(process.env, {
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  try {
    return await fn();
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

describe('placeholder credentials for a loopback endpoint', () => {
  let sim: RunningSim;
  beforeAll(async () => {
    sim = await startSim({scenario: 'rolled-back'});
  });
  afterAll(async () => {
    await sim?.close();
  });

  it.each([
    ['http://127.0.0.1:4566', true],
    ['http://127.12.0.9', true],
    ['http://localhost:4566/', true],
    ['http://moto.localhost:5000', true],
    ['http://[::1]:4566', true],
    ['https://cloudformation.us-east-2.amazonaws.com', false],
    ['http://10.0.0.5:4566', false],
    ['http://127.0.0.1.example.com', false],
    ['not a url', false],
  ])('%s is loopback: %s', (url, expected) => {
    expect(isLoopbackUrl(url)).toBe(expected);
  });

  it('a command reaches the sim with no credentials configured anywhere', async () => {
    await withoutCredentials(async () => {
      const clients = createClients({region: 'us-east-2', endpointUrl: sim.url});
      try {
        const {DescribeStacksCommand} = await import('@aws-sdk/client-cloudformation');
        const out = await clients.cloudformation.send(new DescribeStacksCommand({}));
        expect(out.Stacks?.length).toBeGreaterThan(0);
      } finally {
        clients.destroy();
      }
    });
  });

  it('credentials the user has are used as they are', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDUSER';
    process.env.AWS_SECRET_ACCESS_KEY = 'user-secret';
    try {
      expect((await localFallbackCredentials(undefined)()).accessKeyId).toBe('AKIDUSER');
    } finally {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
    }
  });

  it('AWS_ENDPOINT_URL counts only when nothing can send a service elsewhere', async () => {
    const {endpointOf} = await import('../../source/aws/local-credentials.js');
    expect(endpointOf(undefined, {AWS_ENDPOINT_URL: 'http://127.0.0.1:4566'})).toBe('http://127.0.0.1:4566');
    expect(endpointOf(undefined, {AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_ENDPOINT_URL_CLOUDFORMATION: 'http://192.0.2.2'})).toBeUndefined();
    expect(endpointOf(undefined, {AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true'})).toBeUndefined();
    expect(endpointOf('http://127.0.0.1:9', {AWS_ENDPOINT_URL_CLOUDFORMATION: 'http://192.0.2.2'})).toBe('http://127.0.0.1:9');
  });

  it('a remote endpoint without credentials still fails as before (no placeholders leave the machine)', async () => {
    await withoutCredentials(async () => {
      expect(await localFallbackCredentials(undefined)()).toEqual(LOCAL_CREDENTIALS);
      const clients = createClients({region: 'us-east-2', endpointUrl: 'http://10.255.255.1:9', maxAttempts: 1});
      try {
        const {DescribeStacksCommand} = await import('@aws-sdk/client-cloudformation');
        const error = await clients.cloudformation.send(new DescribeStacksCommand({})).catch((e: unknown) => e);
        expect((error as Error).name).toBe('CredentialsProviderError');
      } finally {
        clients.destroy();
      }
    });
  });
});
