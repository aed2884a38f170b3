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
