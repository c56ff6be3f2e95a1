// The AWS CLI (botocore, an independent client) pointed at a sim in this process: whether it is installed, and an
// environment with the sim's static credentials and nothing of the user's profile (execFile is asynchronous, so the
// sim keeps serving while the CLI waits).
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';

export const run = promisify(execFile);

export async function hasAws(): Promise<boolean> {
  try {
    await run('aws', ['--version']);
    return true;
  } catch {
    return false;
  }
}

export function simCliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIDSIM',
    AWS_SECRET_ACCESS_KEY: 'sim',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/dev/null',
  };
  delete env.AWS_PROFILE;
  delete env.AWS_DEFAULT_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  return env;
}
