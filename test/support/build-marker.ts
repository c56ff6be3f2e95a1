// Where the test build says it is done (or failed), per run: two runs at once never read each other's.
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

export function buildMarker(token: string): {dir: string; done: string; failed: string} {
  const dir = fileURLToPath(new URL('../../dist/.test-build/', import.meta.url));
  return {dir, done: join(dir, `${token}.done`), failed: join(dir, `${token}.failed`)};
}
