// Starts a worker thread on one of this folder's modules, compiled or not: compiled, the module is
// a .js file beside its caller in dist/web; under tsx (tests, benchmarks) it is the .ts source, and
// the worker thread needs tsx loaded to read it.

import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const RUNNING_FROM_SOURCE = fileURLToPath(import.meta.url).endsWith('.ts');

/** Starts `./<name>.js` (or `.ts` under tsx) of src/web in a new worker thread. */
export function startModuleWorker(name: string, options: Omit<WorkerOptions, 'eval' | 'execArgv'> = {}): Worker {
  const url = new URL(`./${name}.${RUNNING_FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url);
  // None of the parent's Node flags: some (--input-type, --eval) cannot start a worker's file.
  if (!RUNNING_FROM_SOURCE) return new Worker(url, { ...options, execArgv: [] });
  // Node 20 refuses a worker file ending in .ts even with tsx loaded: start from a one-line
  // script that imports the source through tsx's API, its ESM build (the CommonJS one looks for
  // its loader in the wrong folder).
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(tsx)}))`,
    { ...options, eval: true, execArgv: [] },
  );
}

/** How long a worker asked to end may finish what it runs before it is terminated. */
export const WORKER_END_GRACE_MS = 1000;

/** The message a worker that listens for messages exits on, between two of its tasks. */
export const END_THREAD_MESSAGE = { kind: 'end-thread' } as const;

/**
 * Ends a worker on purpose: it is asked to exit between two tasks (END_THREAD_MESSAGE; a one-shot
 * worker exits once its task is done) and terminated only if it has not within `graceMs`. Why not
 * terminate at once: Node 24 aborts the whole process when a worker is terminated inside a zlib
 * call (decoding a gzipped profile, gzipping a report), between creating its handle and
 * initialising it ("close before init", seen in CI). A query stuck past its time limit is still
 * terminated at once by its caller.
 */
export function endModuleWorker(worker: Worker, graceMs = WORKER_END_GRACE_MS): Promise<number> {
  return new Promise<number>((resolve) => {
    // Exited already (Node sets its threadId to -1): no 'exit' comes again.
    if (worker.threadId < 0) return resolve(0);
    const timer = setTimeout(() => void worker.terminate().then(resolve, () => resolve(1)), graceMs);
    timer.unref();
    worker.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    // An idle worker is unref'd: its exit must keep this thread's event loop alive until it comes.
    worker.ref();
    try {
      worker.postMessage(END_THREAD_MESSAGE);
    } catch {
      // Its port is closed already: it is exiting, and 'exit' comes.
    }
  });
}
