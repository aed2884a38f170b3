// Keeps the bytes the data root's captures take, measured when they change (at start, after a
// capture, after a sweep deleted something) rather than when asked: a scrape of /metrics reads a
// number and never walks the tree.

import { measureCaptureBytes } from '../store/index.js';

export class DataRootUsage {
  readonly #dataRoot: string;
  readonly #onError: (error: unknown) => void;
  #bytes = 0;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  /** `onError` is told when a measure fails; the last good value is kept. */
  constructor(dataRoot: string, onError: (error: unknown) => void) {
    this.#dataRoot = dataRoot;
    this.#onError = onError;
  }

  /** Bytes of the files under the captures folder at the last measure (0 before the first). */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Counts `bytes` the processor wrote itself (a capture's offline report) without walking the
   * tree again. While a measure runs it may or may not have read the new file, so one more runs
   * (the promise settles once the count holds the file; never rejects).
   */
  add(bytes: number): Promise<void> {
    if (this.#running !== undefined) return this.refresh();
    this.#bytes += bytes;
    return Promise.resolve();
  }

  /**
   * Measures again; never rejects. Asked while a measure runs, one more runs after it (it may have
   * read a folder before the change), and further asks join that one.
   */
  refresh(): Promise<void> {
    if (this.#running === undefined) {
      this.#running = this.#measure().finally(() => (this.#running = undefined));
      return this.#running;
    }
    this.#queued ??= this.#running.then(() => {
      this.#queued = undefined;
      return this.refresh();
    });
    return this.#queued;
  }

  async #measure(): Promise<void> {
    try {
      this.#bytes = await measureCaptureBytes(this.#dataRoot);
    } catch (error) {
      this.#onError(error);
    }
  }
}
