// Exit codes are the CLI's business: the layers below throw InputError, AwsError or InternalError (source/errors.ts)
// and only the CLI turns them into numbers (exitCodeOf). A new `exitCode` field or process.exit() below it fails here.
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

/** Where exit numbers may appear, each with the reason. */
const ALLOWED: Record<string, string> = {
  'source/cli.tsx': 'the entry point turns every ending into its exit code',
  'source/errors.ts': 'exitCodeOf: the one mapping from error kinds to numbers',
  'source/ui/run.tsx': 'a terminal signal while the full screen is open exits 128 + the signal, after restoring the terminal',
  'source/upgrade/report.ts': 'a second Ctrl-C during a scripted walk leaves at once with 130 (the walk continues in CloudFormation)',
};
const EXIT_NUMBERS = /\bexitCode\b|\bexitCodeOf\b|process\.exit\(/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, {recursive: true, encoding: 'utf8'})
    .filter(f => /\.tsx?$/.test(f))
    .map(f => join(dir, f));
}

describe('exit codes', () => {
  it('are decided by the CLI alone (the commands return them; nothing below them knows a number)', () => {
    const offenders = sourceFiles('source')
      .filter(f => !f.startsWith('source/commands/') && !(f in ALLOWED))
      .filter(f => EXIT_NUMBERS.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('every allowed file still needs it', () => {
    for (const file of Object.keys(ALLOWED)) expect(EXIT_NUMBERS.test(readFileSync(file, 'utf8')), file).toBe(true);
  });
});
