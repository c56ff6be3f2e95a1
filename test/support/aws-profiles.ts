// AWS profiles for a test, as a user has them: a config file of its own (AWS_CONFIG_FILE), no credentials file, no
// credentials in the environment, no instance metadata. `withProfiles` runs in-process code with them and puts the
// environment back; `profilesEnv` is the same for a CLI run.
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/** `{prod: 'AKIDPROD'}` -> `[profile prod]` with that key; a null key is a profile with no credentials at all. */
export function profilesEnv(keys: Record<string, string | null>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'panther-profiles-'));
  const config = Object.entries(keys)
    .map(([name, key]) => `[profile ${name}]\nregion = us-east-2\n${key ? `aws_access_key_id = ${key}\naws_secret_access_key = secret\n` : ''}`)
    .join('\n');
  writeFileSync(join(dir, 'config'), config);
  return {
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export async function withProfiles<T>(keys: Record<string, string | null>, fn: () => Promise<T>): Promise<T> {
  const saved = {...process.env};
  for (const key of Object.keys(process.env)) if (/^AWS_/.test(key)) delete process.env[key];
  Object.assign(process.env, profilesEnv(keys), {AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'});
  try {
    return await fn();
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
