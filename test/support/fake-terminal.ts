// Fake terminal streams for the full-screen runner (runFullScreen): what was written, and keys sent as a terminal
// in raw mode sends them (Ink reads stdin on 'readable').
import {EventEmitter} from 'node:events';

export class FakeStdout extends EventEmitter {
  columns = 100;
  rows = 30;
  isTTY = true;
  chunks: string[] = [];
  write = (s: string): boolean => {
    this.chunks.push(s);
    return true;
  };
  get text(): string {
    return this.chunks.join('');
  }
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  /** Every raw-mode switch, in order. */
  raw: boolean[] = [];
  private data: string | null = null;
  setEncoding(): void {}
  setRawMode(on: boolean): void {
    this.raw.push(on);
  }
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
  send(data: string): void {
    this.data = data;
    this.emit('readable');
  }
}
