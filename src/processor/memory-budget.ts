// The decoded-profile budget: how many bytes of decoded profiles the live sessions may hold,
// derived from the memory the process may use (GO_PROFILER_MEMORY_LIMIT_BYTES, else its cgroup's
// limit, else the machine's memory).

import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { GoProfilerError } from '../errors/index.js';

/**
 * The share of the memory limit the sessions' decoded profiles may take: 3/32, 192 MiB of the
 * DaemonSet's 2 GiB. Measured (docs/decisions.md, "The peak under 1 GiB with room"): 100 medium
 * sessions opened, then all queried in turn, peaked at 1082–1109 MiB RSS at 5/32 (320 MiB),
 * 1002–1015 MiB at 1/8 and 869–929 MiB at 3/32 (three runs): ~400 MB before any profile is
 * decoded (viewers, raw captures, workers) plus 1.1–1.4× the decoded bytes held (the workers'
 * caches and garbage, not counted). A full budget drops the least recently queried profiles, so a
 * smaller one costs re-decodes (< 0.5 s for a medium), not refusals. Two heap-large sessions
 * (90.8 MiB decoded each) fit.
 */
export const PROFILE_BUDGET_SHARE = 3 / 32;

/** cgroup v1 writes "no limit" as a huge number (2^63 rounded down to a page). */
const NO_CGROUP_LIMIT = 2 ** 62;

export interface MemoryLimit {
  readonly bytes: number;
  /** Where it was read: `GO_PROFILER_MEMORY_LIMIT_BYTES`, `cgroup v2`, `cgroup v1` or `total memory`. */
  readonly source: string;
}

/** The variable that states the memory limit: for a limit the cgroup does not show, and benchmarks. */
export const MEMORY_LIMIT_ENV = 'GO_PROFILER_MEMORY_LIMIT_BYTES';

/** GO_PROFILER_MEMORY_LIMIT_BYTES is not a whole number of bytes: the processor does not start. */
export class MemoryLimitSettingError extends GoProfilerError {
  override readonly name = 'MemoryLimitSettingError';
  constructor(value: string) {
    super(`read ${MEMORY_LIMIT_ENV}`, `${JSON.stringify(value)} is not a whole number of bytes above 0`);
  }
}

/**
 * The memory the process may use: GO_PROFILER_MEMORY_LIMIT_BYTES when set, else its cgroup's limit
 * (v2, then v1) when set, else os.totalmem().
 */
export async function readMemoryLimit(
  cgroupRoot = '/sys/fs/cgroup',
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<MemoryLimit> {
  const stated = env[MEMORY_LIMIT_ENV];
  if (stated !== undefined && stated !== '') {
    const bytes = Number(stated);
    if (!/^\d+$/.test(stated) || !Number.isSafeInteger(bytes) || bytes === 0) throw new MemoryLimitSettingError(stated);
    return { bytes, source: MEMORY_LIMIT_ENV };
  }
  const total = { bytes: os.totalmem(), source: 'total memory' };
  const candidates = [
    { file: `${cgroupRoot}/memory.max`, source: 'cgroup v2' },
    { file: `${cgroupRoot}/memory/memory.limit_in_bytes`, source: 'cgroup v1' },
  ];
  for (const { file, source } of candidates) {
    let text: string;
    try {
      text = (await readFile(file, 'utf8')).trim();
    } catch {
      // Not this cgroup version, or not readable here: the next source bounds the budget instead.
      continue;
    }
    const bytes = Number(text);
    // "max" (v2) or the v1 sentinel: this cgroup sets no limit; the machine's memory bounds us.
    if (text === 'max' || !Number.isSafeInteger(bytes) || bytes >= NO_CGROUP_LIMIT) return total;
    return bytes < total.bytes ? { bytes, source } : total;
  }
  return total;
}

/** The default budget: PROFILE_BUDGET_SHARE of the memory limit. */
export function defaultProfileBudgetBytes(limit: MemoryLimit): number {
  return Math.floor(limit.bytes * PROFILE_BUDGET_SHARE);
}
