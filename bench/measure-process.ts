// Runs a command and measures its wall time and peak resident memory (VmHWM from /proc, polled),
// for the benchmarks. Linux only, like the project's CI.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcessMeasurement {
  readonly wallSeconds: number;
  /** Peak resident set size in bytes; 0 when /proc could not be read. */
  readonly peakRssBytes: number;
  readonly exitCode: number | null;
  /** Killed at the time limit. */
  readonly timedOut: boolean;
  readonly stdoutBytes: number;
}

function readPeakRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match === null ? 0 : Number(match[1]) * 1024;
  } catch {
    // The process has exited between polls: its last reading stands.
    return 0;
  }
}

export function measureProcess(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutSeconds?: number; cwd?: string } = {},
): Promise<ProcessMeasurement> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let peak = 0;
    let stdoutBytes = 0;
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdoutBytes += chunk.length));
    const poll = setInterval(() => {
      if (child.pid !== undefined) peak = Math.max(peak, readPeakRss(child.pid));
    }, 10);
    const limit =
      options.timeoutSeconds === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutSeconds * 1000);
    child.on('error', (error) => {
      clearInterval(poll);
      if (limit) clearTimeout(limit);
      reject(error);
    });
    child.on('exit', (code) => {
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      clearInterval(poll);
      if (limit) clearTimeout(limit);
      resolve({ wallSeconds, peakRssBytes: peak, exitCode: code, timedOut, stdoutBytes });
    });
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
