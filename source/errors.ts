// The three ways a command ends in error, and the one place that turns them into exit codes
// (docs/output-formats.md). Every layer throws these; only the CLI asks exitCodeOf. A pure module: no imports.
// Each carries its kind as data, not only as its class: the launcher and the commands are two bundles with a copy
// of this module each, and an error crossing from one to the other must keep its exit code.

/** The user's input is wrong (a flag, a file, a name, a plan that cannot be walked): exit 2, one line naming the fix. */
export class InputError extends Error {
  override readonly name: string = 'InputError';
  readonly failureKind = 'input';
}

/**
 * AWS (or the endpoint) could not be reached, would not take our credentials, kept throttling past retries, or
 * answered with something that is not AWS's: exit 3. The message is the line the user reads.
 */
export class AwsError extends Error {
  override readonly name: string = 'AwsError';
  readonly failureKind = 'aws';
}

/** The console's own bug, said as one line: exit 70, a code no script mistakes for "AWS unreachable". */
export class InternalError extends Error {
  override readonly name: string = 'InternalError';
  readonly failureKind = 'internal';
}

export type ConsoleFailure = InputError | AwsError | InternalError;

/** Whether `error` is one of the three, by its kind (whichever copy of this module made it). */
export function isConsoleFailure(error: unknown): error is ConsoleFailure {
  const kind = (error as {failureKind?: unknown} | null)?.failureKind;
  return error instanceof Error && (kind === 'input' || kind === 'aws' || kind === 'internal');
}

/** The exit code of an error already classified (anything else is a bug: 70). */
export function exitCodeOf(error: unknown): 2 | 3 | 70 {
  const kind = isConsoleFailure(error) ? error.failureKind : null;
  return kind === 'input' ? 2 : kind === 'aws' ? 3 : 70;
}
