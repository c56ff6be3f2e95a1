/** Counts the HTTP requests sent, by "Service.Operation" (retries count: they are requests the account sees). */
export class CallCounter {
  private counts: Record<string, number> = {};
  private listeners = new Set<() => void>();
  /** Epoch ms of the last HTTP answer (any status) to any call; 0 before the first. */
  lastAnswerAt = 0;

  /** An answer arrived: AWS is there, however slow the whole read is. */
  answered(): void {
    this.lastAnswerAt = Date.now();
  }

  add(service: string, operation: string): void {
    const key = `${service}.${operation}`;
    this.counts = {...this.counts, [key]: (this.counts[key] ?? 0) + 1};
    for (const listener of this.listeners) listener();
  }

  /** An immutable copy-on-write record: safe to hand to a snapshot. */
  get all(): Readonly<Record<string, number>> {
    return this.counts;
  }

  total(service?: string): number {
    let sum = 0;
    for (const [key, n] of Object.entries(this.counts)) if (!service || key.startsWith(`${service}.`)) sum += n;
    return sum;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
