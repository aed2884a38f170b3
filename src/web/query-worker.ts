// The worker thread of one large session: it owns the session's profile (handed over at start, or
// decoded from the raw capture after a crash) and answers the session's queries by id with an
// InProcessQueryService of its own, diff bases included (it reads them from the data root). Call
// graphs are laid out by the session's thread, with the process's one Graphviz worker: the DOT
// goes there and the SVG comes back. Started by query-worker-client.ts.

import { parentPort, workerData } from 'node:worker_threads';
import { decodeProfile } from '../pprof/index.js';
import type { GraphLayout } from './graph-layout.js';
import { InProcessQueryService, type QueryService } from './query-service.js';
import {
  deserializeError,
  serializeError,
  type FromQueryWorker,
  type QueryWorkerData,
  type SerializedError,
  type ToQueryWorker,
} from './query-worker-messages.js';
import { sourceFilesUnder } from './source-files.js';

const port = parentPort;
if (port === null) throw new Error('start query worker: not running in a worker thread');
const data = workerData as QueryWorkerData;

/** Sends each layout to the session's thread and waits for its SVG (or its error, rebuilt). */
class ParentGraphLayout implements GraphLayout {
  private readonly waiting = new Map<number, { resolve(svg: string): void; reject(error: Error): void }>();
  private nextId = 1;

  layout(dot: string, timeLimitMs: number): Promise<string> {
    const layoutId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(layoutId, { resolve, reject });
      port!.postMessage({ layoutId, dot, timeLimitMs } satisfies FromQueryWorker);
    });
  }

  settle(layoutId: number, answer: { svg: string } | { error: SerializedError }): void {
    const waiting = this.waiting.get(layoutId);
    this.waiting.delete(layoutId);
    if ('svg' in answer) waiting?.resolve(answer.svg);
    else waiting?.reject(deserializeError(answer.error));
  }
}

const profile = data.profile ?? decodeProfile(data.rawBytes!);
const layout = new ParentGraphLayout();
const sources =
  data.sources === undefined ? undefined : sourceFilesUnder(data.sources.sourcePath, data.sources.trimPath);
const service: QueryService = new InProcessQueryService(
  profile,
  data.capture,
  { layout, timeLimitMs: data.graphTimeLimitMs },
  sources,
);

/** A value as it crosses back: binary answers as buffers of their own, transferred, not cloned. */
function wireForm(value: unknown): { value: unknown; transfer: ArrayBuffer[] } {
  // Copied out of the caches first: transferring a cached buffer would empty it for the next hit.
  if (value instanceof Uint8Array) {
    const bytes = value.slice();
    return { value: bytes, transfer: [bytes.buffer] };
  }
  if (typeof value === 'object' && value !== null && 'chunks' in value && 'sampleType' in value) {
    // Folded stacks: streamed in-process, sent here as one text (well below the profile's size).
    const { sampleType, chunks } = value as { sampleType: string; chunks: Iterable<string> };
    const bytes = new TextEncoder().encode([...chunks].join(''));
    return { value: { sampleType, chunks: [bytes] }, transfer: [bytes.buffer] };
  }
  return { value, transfer: [] };
}

port.on('message', async (message: ToQueryWorker) => {
  if ('layoutId' in message) {
    layout.settle(message.layoutId, message);
    return;
  }
  const { id, method, args } = message;
  try {
    const call = service[method] as (...args: readonly unknown[]) => Promise<unknown>;
    const { value, transfer } = wireForm(await call.apply(service, [...args]));
    port.postMessage({ id, value } satisfies FromQueryWorker, transfer);
  } catch (error) {
    port.postMessage({ id, error: serializeError(error) } satisfies FromQueryWorker);
  }
});
