// The progress line `capture` keeps on stderr while it waits: the CPU profile's countdown and the
// bytes received, redrawn in place on a terminal, an occasional plain line anywhere else (a log,
// CI). The clock and the terminal flag are injected, so tests read the lines without waiting.

import { formatValueLabel } from '../units/index.js';

export interface ProgressOutput {
  write(text: string): void;
  /** A terminal: the line is redrawn in place (`\r`, erase to the end of line). */
  readonly isTTY: boolean;
}

export interface CaptureProgressOptions {
  readonly output: ProgressOutput;
  /** Milliseconds, any origin (the monotonic clock in the command). */
  readonly now: () => number;
  /** What is captured, as the line names it: `Profile of default/web-0`, `Heap of 7 pods`. */
  readonly what: string;
  /** The CPU profile's length: a countdown from each capture's start; absent for other types. */
  readonly cpuSeconds?: number;
  /** Captures in all (a selector's pods): the line then counts those done. */
  readonly captures?: number;
  /** Without a terminal, a line at most this often; default 10 s (a 30 s profile: 3 or 4 lines). */
  readonly plainIntervalMs?: number;
}

/** A terminal is redrawn at most this often while bytes stream in (the 1 s tick redraws anyway). */
const REDRAW_MS = 200;

export class CaptureProgress {
  readonly #options: CaptureProgressOptions;
  /** Start time of each capture in flight, by its id. */
  readonly #running = new Map<string, number>();
  readonly #bytes = new Map<string, number>();
  #done = 0;
  #failed = 0;
  #lastDrawMs: number | undefined;
  #lastLine = '';
  #ended = false;

  constructor(options: CaptureProgressOptions) {
    this.#options = options;
  }

  /** A capture starts now (its countdown with it). */
  started(id: string): void {
    this.#running.set(id, this.#options.now());
    this.#bytes.set(id, 0);
    this.update(true);
  }

  /** `bytes` of this capture's answer have arrived so far. */
  received(id: string, bytes: number): void {
    this.#bytes.set(id, bytes);
    this.update(false);
  }

  finished(id: string, succeeded: boolean): void {
    this.#running.delete(id);
    this.#done += 1;
    if (!succeeded) this.#failed += 1;
  }

  /** The line as it reads now. */
  line(): string {
    const { what, cpuSeconds, captures } = this.#options;
    const parts: string[] = [];
    if (captures !== undefined) {
      parts.push(`${this.#done} of ${captures} done${this.#failed > 0 ? ` (${this.#failed} failed)` : ''}`);
    }
    const oldest = Math.min(...this.#running.values());
    if (cpuSeconds !== undefined && Number.isFinite(oldest)) {
      const left = Math.ceil(cpuSeconds - (this.#options.now() - oldest) / 1000);
      parts.push(left > 0 ? `${left} s left` : 'profile taken, waiting for it');
    }
    let bytes = 0;
    for (const value of this.#bytes.values()) bytes += value;
    parts.push(`${bytes === 0 ? '0B' : formatValueLabel(bytes, 'bytes')} received`);
    return `capturing ${what}: ${parts.join(', ')}`;
  }

  /**
   * Draws the line if it is time to: `force` (the command's 1 s tick, a capture starting) on a
   * terminal whenever the line changed; a plain line when none was written for plainIntervalMs.
   */
  update(force = true): void {
    if (this.#ended) return;
    const now = this.#options.now();
    const line = this.line();
    const { output } = this.#options;
    if (output.isTTY) {
      if (line === this.#lastLine) return;
      if (!force && this.#lastDrawMs !== undefined && now - this.#lastDrawMs < REDRAW_MS) return;
      output.write(`\r${line}\x1b[K`);
    } else {
      const interval = this.#options.plainIntervalMs ?? 10_000;
      if (this.#lastDrawMs !== undefined && now - this.#lastDrawMs < interval) return;
      output.write(`${line}\n`);
    }
    this.#lastDrawMs = now;
    this.#lastLine = line;
  }

  /** Clears a terminal's line, for a line printed above it; the next update draws it again. */
  clear(): void {
    if (this.#ended || !this.#options.output.isTTY || this.#lastLine === '') return;
    this.#options.output.write('\r\x1b[K');
    this.#lastLine = '';
  }

  /** Clears the line for good: nothing is drawn after. */
  end(): void {
    this.clear();
    this.#ended = true;
  }
}
