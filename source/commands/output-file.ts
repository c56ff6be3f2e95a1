// Files the console writes for the user (--out, --write-alias-template). A support bundle holds an account's
// history: it is written readable by its owner only, never through a symbolic link someone planted in a shared
// directory, and never over an existing file unless the user said --force. The bytes go to a temporary file beside
// the target first, so an interrupted write never leaves half a file under the name the user gave.
import {randomBytes} from 'node:crypto';
import {link, lstat, open, rename, unlink} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';
import {InputError} from '../errors.js';

export interface OutputFileOptions {
  /** The flag that named the file, for the error line (e.g. "--out"). */
  flag: string;
  /** Replace an existing file (or the symbolic link itself, never its target). */
  force?: boolean;
}

/** Refuses a target before any work is done for it (the same checks the write makes again). */
export async function checkOutputTarget(path: string, options: OutputFileOptions): Promise<void> {
  const {flag, force = false} = options;
  const existing = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new InputError(`${flag} ${path}: cannot check it (${error.code ?? error.message}).`);
  });
  if (existing?.isSymbolicLink() && !force) {
    throw new InputError(
      `${flag} ${path} is a symbolic link: the console does not write through links. Name a new file (or add --force to replace the link itself).`,
    );
  }
  if (existing && !existing.isSymbolicLink() && !existing.isFile()) throw new InputError(`${flag} ${path} is not a regular file.`);
  if (existing && !force) throw new InputError(`${flag} ${path} already exists: name a new file, or add --force to replace it.`);
}

/** Writes `data` to `path` with mode 0600; one InputError line (exit 2) for every way it can be refused. */
export async function writeOutputFile(path: string, data: string | Buffer, options: OutputFileOptions): Promise<number> {
  const {flag, force = false} = options;
  await checkOutputTarget(path, options);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  try {
    // 'wx': never opens something that appeared under the temporary name; 0600 from the first byte.
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (force) await rename(temp, path);
    else {
      // link() fails when the name was taken since the check: no file is ever replaced without --force.
      await link(temp, path).catch(async (error: NodeJS.ErrnoException) => {
        // A file system without hard links: a rename, after one more look.
        if (error.code !== 'EPERM' && error.code !== 'ENOTSUP' && error.code !== 'EXDEV') throw error;
        if (
          await lstat(path).then(
            () => true,
            () => false,
          )
        )
          throw Object.assign(new Error('exists'), {code: 'EEXIST'});
        await rename(temp, path);
      });
      await unlink(temp).catch(() => undefined);
    }
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new InputError(`${flag} ${path} already exists: name a new file, or add --force to replace it.`);
    throw new InputError(`${flag} ${path}: cannot write it (${code ?? (error as Error).message}).`);
  }
  return bytes.length;
}
