// A worker thread of the query pool: it hosts several sessions, each its decoded profile (decoded
// here from the raw capture, or handed over) and an InProcessQueryService answering its queries by
// id, diff bases included (read from the data root). Call graphs are laid out by the process's
// Graphviz workers: the DOT goes to the pool and the SVG comes back. Started by query-pool-slot.ts.

import { AsyncLocalStorage } from 'node:async_hooks';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { decodeProfile, type Profile } from '../pprof/index.js';
import { prebuildFlameGraph, type PrebuiltFlameGraph } from './flame-graph-prebuild.js';
import type { GraphLayout } from './graph-layout.js';
import { summarizeDecodedProfile, type FromPoolWorker, type ToPoolWorker } from './query-pool-messages.js';
import { InProcessQueryService, type QueryService } from './query-service.js';
import { sourceFilesUnder } from './source-files.js';
import { deserializeError, serializeError } from './worker-errors.js';

const port = parentPort;
if (port === null) throw new Error('start query pool worker: not running in a worker thread');

function post(message: FromPoolWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

interface HostedSession {
  readonly profile: Profile;
  service?: InProcessQueryService;
  /** The flame graph the viewer opens on, built right after decoding (its own field: it outlives the service's caches). */
  prebuiltFlameGraph?: PrebuiltFlameGraph;
}

const sessions = new Map<number, HostedSession>();
/** The call being answered, so that a layout it asks for names it (its time limit then waits for Graphviz). */
const currentCall = new AsyncLocalStorage<number>();
const layouts = new Map<number, { resolve(svg: string): void; reject(error: Error): void }>();
let nextLayoutId = 1;

/** Sends a session's layouts to the pool's thread and waits for their SVG (or error, rebuilt). */
function parentLayout(session: number): GraphLayout {
  return {
    layout(dot, timeLimitMs) {
      const layoutId = nextLayoutId++;
      return new Promise((resolve, reject) => {
        layouts.set(layoutId, { resolve, reject });
        post({ kind: 'layout', layoutId, session, call: currentCall.getStore(), dot, timeLimitMs });
      });
    },
  };
}

/** A JSON answer as it crosses back: its text's bytes, transferred (the pool's thread only sends them). */
function jsonForm(value: unknown): { value: Uint8Array; transfer: ArrayBuffer[] } {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return { value: bytes, transfer: [bytes.buffer] };
}

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

function host(session: number, decode: () => Profile, prebuildNow = true): void {
  try {
    const profile = decode();
    sessions.set(session, { profile });
    post({ kind: 'opened', session, summary: summarizeDecodedProfile(profile) });
  } catch (error) {
    post({ kind: 'opened', session, error: serializeError(error) });
    return;
  }
  if (prebuildNow) prebuild(session);
  post({ kind: 'ready', session });
}

/**
 * Builds the session's first flame graph now, while its opener stores the capture and starts the
 * viewer (the messages that follow wait their turn in this thread): the page's first data request
 * then finds it ready instead of starting it.
 */
function prebuild(session: number): void {
  const hosted = sessions.get(session);
  if (hosted === undefined) return;
  try {
    hosted.prebuiltFlameGraph = prebuildFlameGraph(hosted.profile);
  } catch (error) {
    // Not this step's to report: the view's own request builds it again and answers the failure.
    void error;
  }
}

async function answer(
  id: number,
  session: number,
  method: string,
  args: readonly unknown[],
  asJson: boolean,
): Promise<void> {
  post({ kind: 'started', id });
  try {
    const service = sessions.get(session)?.service;
    if (service === undefined) throw new Error(`answer query ${method}: session ${session} is not served here`);
    const call = service[method as keyof QueryService] as (...args: readonly unknown[]) => Promise<unknown>;
    const result = await currentCall.run(id, () => call.apply(service, [...args]));
    const { value, transfer } = asJson ? jsonForm(result) : wireForm(result);
    post({ kind: 'answer', id, value }, transfer);
  } catch (error) {
    post({ kind: 'answer', id, error: serializeError(error) });
  }
}

/**
 * V8 collects an idle thread's garbage only when it next allocates: a profile closed or dropped
 * while idle (query-pool-idle.ts) would keep its memory until the worker is busy again. One full
 * collection after a burst of closes gives it back now. `gc` is taken from a new context, the
 * only place the flag set here exposes it (measured: 120 MB of dropped arrays, 175 → 55 MB RSS).
 */
const collectGarbage = (() => {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();
let collecting: NodeJS.Immediate | undefined;

function collectSoon(): void {
  collecting ??= setImmediate(() => {
    collecting = undefined;
    collectGarbage();
  });
}

port.on('message', (message: ToPoolWorker) => {
  switch (message.kind) {
    case 'open':
      host(message.session, () => decodeProfile(message.rawBytes, message.decodeOptions), message.prebuild ?? true);
      return;
    case 'adopt':
      host(message.session, () => message.profile);
      return;
    case 'serve': {
      const hosted = sessions.get(message.session);
      if (hosted === undefined) return; // its open failed, and the pool was told
      const sources =
        message.sources === undefined
          ? undefined
          : sourceFilesUnder(message.sources.sourcePath, message.sources.trimPath);
      hosted.service = new InProcessQueryService(
        hosted.profile,
        message.capture,
        { layout: parentLayout(message.session), timeLimitMs: message.graphTimeLimitMs },
        sources,
      );
      if (hosted.prebuiltFlameGraph !== undefined) hosted.service.adoptFlameGraph(hosted.prebuiltFlameGraph);
      // Its page's first request, answered ahead (kept by the pool); a failure is the request's to meet.
      hosted.service.summary().then(
        (summary) => post({ kind: 'summary', session: message.session, summary }),
        () => undefined,
      );
      return;
    }
    case 'close':
      sessions.delete(message.session);
      collectSoon();
      return;
    case 'end-thread':
      // Between two tasks: no zlib call is under way (module-worker.ts endModuleWorker).
      process.exit(0);
      return;
    case 'call':
      void answer(message.id, message.session, message.method, message.args, message.asJson);
      return;
    case 'laid-out': {
      const waiting = layouts.get(message.layoutId);
      layouts.delete(message.layoutId);
      if ('svg' in message) waiting?.resolve(message.svg);
      else waiting?.reject(deserializeError(message.error));
      return;
    }
  }
});
