import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  defaultProfileBudgetBytes,
  MemoryLimitSettingError,
  readMemoryLimit,
  type MemoryLimit,
} from './memory-budget.js';

const GIB = 1024 ** 3;

describe('the memory limit and the decoded-profile budget', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-cgroup-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const v2 = path.join(root, 'v2');
  mkdirSync(v2);
  writeFileSync(path.join(v2, 'memory.max'), `${2 * GIB}\n`);
  const none = path.join(root, 'none');
  mkdirSync(none);

  it("reads the cgroup's limit, else the machine's memory; 3/32 of it is the budget", async () => {
    assert.deepEqual(await readMemoryLimit(v2, {}), { bytes: 2 * GIB, source: 'cgroup v2' });
    assert.deepEqual(await readMemoryLimit(none, {}), { bytes: os.totalmem(), source: 'total memory' });
    assert.equal(defaultProfileBudgetBytes({ bytes: 2 * GIB, source: 'cgroup v2' }), 192 * 1024 ** 2);
  });

  it('takes GO_PROFILER_MEMORY_LIMIT_BYTES before the cgroup, and refuses a value that is not bytes', async () => {
    const stated: MemoryLimit = { bytes: GIB, source: 'GO_PROFILER_MEMORY_LIMIT_BYTES' };
    assert.deepEqual(await readMemoryLimit(v2, { GO_PROFILER_MEMORY_LIMIT_BYTES: String(GIB) }), stated);
    assert.deepEqual(await readMemoryLimit(v2, { GO_PROFILER_MEMORY_LIMIT_BYTES: '' }), {
      bytes: 2 * GIB,
      source: 'cgroup v2',
    });
    for (const value of ['2Gi', '0', '-1', '1.5', ' 5']) {
      await assert.rejects(
        readMemoryLimit(v2, { GO_PROFILER_MEMORY_LIMIT_BYTES: value }),
        (error: Error) =>
          error instanceof MemoryLimitSettingError &&
          error.message ===
            `read GO_PROFILER_MEMORY_LIMIT_BYTES: ${JSON.stringify(value)} is not a whole number of bytes above 0`,
      );
    }
  });
});
