import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { BACKGROUND_NICE, currentThreadId, lowerThreadPriority } from './thread-priority.js';

/** A thread's nice value, field 19 of /proc/<pid>/task/<tid>/stat (after the command's parenthesis). */
function niceOf(tid: number): number {
  const stat = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

describe('lowerThreadPriority', () => {
  it("lowers a worker thread's priority and no other thread's, and leaves the main thread alone", async () => {
    const mainNice = niceOf(process.pid);
    assert.equal(lowerThreadPriority(), false);
    assert.equal(niceOf(process.pid), mainNice);
    const url = new URL('./thread-priority.ts', import.meta.url).href;
    // The worker lowers itself, says its id, and waits to be read before it ends.
    const worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       import(workerData.tsx).then((api) => api.tsImport(workerData.url, workerData.tsx)).then((module) => {
         const lowered = module.lowerThreadPriority();
         parentPort.postMessage({ lowered, tid: module.currentThreadId() });
         parentPort.once('message', () => process.exit(0));
       });`,
      { eval: true, workerData: { url, tsx: import.meta.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs') } },
    );
    const { lowered, tid } = await new Promise<{ lowered: boolean; tid: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    assert.equal(lowered, true);
    assert.notEqual(tid, currentThreadId());
    assert.equal(niceOf(tid), Math.max(BACKGROUND_NICE, mainNice));
    assert.equal(niceOf(process.pid), mainNice);
    worker.postMessage('done');
    await new Promise((resolve) => worker.once('exit', resolve));
  });
});
