// `go-profiler -proto …` (a pasted pprof line) against live `go tool pprof -proto` with the same
// flags: both outputs read back by `go tool pprof -raw`, which renumbers ids in sample order, must
// print the same profile. Runs the compiled CLI (npm run build first).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { FIXTURES_DIR, REPO_ROOT, SHARED_DIR } from './support/fixtures.js';
import { goToolPprof, goToolPprofBytes } from './support/go-pprof.js';

const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'dist/cli/main.js');
const dir = mkdtempSync(path.join(tmpdir(), 'go-profiler-proto-'));

async function raw(bytes: Buffer, name: string): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return goToolPprof(['-raw', file]);
}

const CASES: readonly (readonly string[])[] = [
  ['heap-small.pb.gz'],
  ['-focus=runPath', 'heap-small.pb.gz'],
  ['-hide=runtime', '-ignore=sha256', 'cpu-medium.pb.gz'],
  ['-base=heap-small.pb.gz', 'heap-medium.pb.gz'],
  ['-diff_base=cpu-small.pb.gz', 'cpu-medium.pb.gz'],
  ['-show_from=main', 'goroutine-small.pb.gz'],
  [path.join(SHARED_DIR, 'peer/pprof__profile_testdata_cppbench.heap')],
  [path.join(SHARED_DIR, 'peer/pyroscope__pkg_pprof_testdata_profile_rust')],
];

describe('-proto writes the profile go tool pprof -proto writes', () => {
  CASES.forEach((args, i) => {
    it(args.join(' '), async () => {
      const ours = await run(process.execPath, [BIN, '-proto', ...args], {
        cwd: FIXTURES_DIR,
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
      });
      const theirs = await goToolPprofBytes(['-proto', ...args], FIXTURES_DIR);
      assert.equal(await raw(ours.stdout, `ours-${i}.pb.gz`), await raw(theirs, `theirs-${i}.pb.gz`));
    });
  });
});
