// What the console noticed and worked around while reading (a repeated page token, a page cap): never fatal, always
// said. Line commands print each one on stderr as it happens; the full screen shows the latest in its status bar.
/** The warnings of a session (deduplicated, sanitised by the caller), for stderr or the status bar. */
export class WarningLog {
  readonly messages: string[] = [];
  private readonly listeners = new Set<(message: string) => void>();

  add = (message: string): void => {
    if (this.messages.includes(message)) return;
    this.messages.push(message);
    for (const listener of this.listeners) listener(message);
  };

  onWarning(listener: (message: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
