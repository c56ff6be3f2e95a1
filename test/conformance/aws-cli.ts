// The AWS CLI pointed at moto, isolated from the user's own AWS configuration (no profile, no real credentials).
import {execFile} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);

export const REGION = 'us-east-2';

export function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {...process.env};
  for (const key of Object.keys(env)) {
    if (/^AWS_/.test(key)) delete env[key];
  }
  const nowhere = path.join(os.tmpdir(), 'panther-console-conformance-no-aws-config');
  return {
    ...env,
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_DEFAULT_REGION: REGION,
    AWS_CONFIG_FILE: nowhere,
    AWS_SHARED_CREDENTIALS_FILE: nowhere,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

/** Runs `aws <args> --endpoint-url <endpoint> --output json` and parses the output (null when it prints nothing). */
export async function aws(endpoint: string, args: string[]): Promise<any> {
  try {
    const {stdout} = await run('aws', [...args, '--endpoint-url', endpoint, '--output', 'json'], {
      env: cliEnv(),
      timeout: 30_000,
      maxBuffer: 32 * 1024 * 1024,
    });
    return stdout.trim() ? JSON.parse(stdout) : null;
  } catch (error) {
    const e = error as {stderr?: string; message?: string};
    throw new Error(`aws ${args.join(' ')} failed: ${(e.stderr || e.message || String(error)).trim()}`);
  }
}
