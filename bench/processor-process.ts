// The benchmarks' processor: the compiled CLI's `serve` in a child process, its memory as the
// kernel counts it, and the small timing helpers the processor benchmarks share.

/** The malloc setting the image runs with (deploy/Dockerfile): measured as shipped. */
export const IMAGE_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '131072' };

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface Processor {
  readonly url: string;
  readonly child: ChildProcess;
  /** The `timingsMs` of each "viewer opened" log line so far. */
  readonly timings: Record<string, number>[];
  stop(): Promise<void>;
}

/** The compiled CLI, as a user runs it (logging at info, to a pipe we drain). */
export async function startProcessor(
  cli: string,
  dataRoot: string,
  extraArgs: readonly string[] = [],
  env: Readonly<Record<string, string>> = {},
): Promise<Processor> {
  const args = [cli, 'serve', '--listen', '127.0.0.1:0', '--data-root', dataRoot, ...extraArgs];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timings: Record<string, number>[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('"viewer opened"'))
        timings.push((JSON.parse(line) as { timingsMs: Record<string, number> }).timingsMs);
      const match = /processor listening on (http:\/\/\S+)\/processor\/goProfiler/.exec(line);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    void exited.then(() => reject(new Error('bench: the processor exited before listening')));
  });
  return {
    url,
    child,
    timings,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function timeIt(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}
