// One read as a Probe: its value, or why it could not be made ("could not check"). Expired credentials, throttling
// past retries, an unreachable endpoint and an unreadable answer are thrown instead (exit 3): they are not
// something a check can report on.
import {probeFailed, probeOk, type Probe} from '../panther/preflight/types.js';
import {clean} from './convert.js';
import {describeAwsError} from './errors.js';

/** For errors reported as "could not check": the reason; for the others (exit 3): the error itself. */
export function reasonOf(what: string, error: unknown): string {
  const fault = describeAwsError(error);
  if (fault.kind === 'access-denied') return `${what} denied (${fault.code})`;
  return `${what} failed: ${fault.code}: ${clean(fault.message).slice(0, 200)}`;
}

/** Whether a failed read ends the command (exit 3) rather than being reported for the one thing it read. */
export function isFatalFault(error: unknown): boolean {
  const kind = describeAwsError(error).kind;
  return kind === 'expired-credentials' || kind === 'throttled' || kind === 'network' || kind === 'bad-response';
}

export async function attempt<T>(what: string, fn: () => Promise<T>): Promise<Probe<T>> {
  try {
    return probeOk(await fn());
  } catch (error) {
    if (isFatalFault(error)) throw error;
    return probeFailed(reasonOf(what, error));
  }
}

/** IAM's "there is no such role": an answer, not a failure. */
export const isNoSuchEntity = (error: unknown): boolean => {
  const name = (error as {name?: string})?.name ?? '';
  return name === 'NoSuchEntityException' || name === 'NoSuchEntity';
};
