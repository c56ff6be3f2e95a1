// The three ways a command ends in error, and the one place that turns them into exit codes
// (docs/output-formats.md). Every layer throws these; only the CLI asks exitCodeOf. A pure module: no imports.

/** The user's input is wrong (a flag, a file, a name, a plan that cannot be walked): exit 2, one line naming the fix. */
export class InputError extends Error {
  override readonly name: string = 'InputError';
}

/**
 * AWS (or the endpoint) could not be reached, would not take our credentials, kept throttling past retries, or
 * answered with something that is not AWS's: exit 3. The message is the line the user reads.
 */
export class AwsError extends Error {
  override readonly name: string = 'AwsError';
}

/** The console's own bug, said as one line: exit 70, a code no script mistakes for "AWS unreachable". */
export class InternalError extends Error {
  override readonly name: string = 'InternalError';
}

export type ConsoleFailure = InputError | AwsError | InternalError;

/** The exit code of an error already classified (anything else is a bug: 70). */
export function exitCodeOf(error: unknown): 2 | 3 | 70 {
  if (error instanceof InputError) return 2;
  if (error instanceof AwsError) return 3;
  return 70;
}
