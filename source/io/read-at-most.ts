// Reading a file the user named, with a limit: whatever size it claims (a pipe or a device says 0 and may never
// end), at most `limit` bytes are read and held. A caller that gets `limit` bytes back knows the file is larger.
import {open} from 'node:fs/promises';

export async function readAtMost(path: string, limit: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    // Sized by what the file says, grown while it keeps giving (a pipe hands out a little at a time).
    let buffer = Buffer.alloc(Math.min(limit, Math.max((await file.stat()).size, 64 * 1024)));
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (buffer.length >= limit) break;
        const bigger = Buffer.alloc(Math.min(limit, buffer.length * 2));
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const {bytesRead} = await file.read(buffer, filled, buffer.length - filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await file.close();
  }
}
