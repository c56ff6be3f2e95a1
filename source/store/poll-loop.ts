// The one poll loop: poll, then wait what the poll said, until nothing can change or the caller is done. The store's
// own loop (the full screen) runs on it; every poll goes through ConsoleStore.pollOnce, whose in-flight guard makes
// a caller that polls on its own cadence (the piped tail, the upgrade walk) join a running poll instead of
// overlapping it.

export interface PollLoop {
  /** One poll: the wait before the next (ms), or null when nothing can change any more. */
  poll: () => Promise<number | null>;
  /** Asked after each poll that scheduled another: true ends the loop (stopped, or the caller has what it wanted). */
  done?: (wait: number) => boolean | Promise<boolean>;
  sleep: (ms: number) => Promise<void>;
}

/** Runs until a poll returns null or `done` says so; resolves with the last poll's wait (null: nothing can change). */
export async function runPollLoop(loop: PollLoop): Promise<number | null> {
  for (;;) {
    const wait = await loop.poll();
    if (wait === null || (await loop.done?.(wait))) return wait;
    await loop.sleep(wait);
  }
}
