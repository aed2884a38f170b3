// `node --import tsx bench/deep-stacks.ts`: decode time and peak RSS of hostile deep-stack
// profiles (test/support/hostile-profiles.ts), with and without `maxStackDepth`. Each decode runs
// in a fresh process that reads the file and decodes it once, beside a process that only reads it
// (the floor), so the numbers are the decoder's own; the peak RSS is the child's getrusage maximum.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deepStackProfile } from '../test/support/hostile-profiles.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What each child runs: read the file, decode it (unless `--read-only`), print the outcome. */
const CHILD = `
import { readFileSync } from 'node:fs';
import { decodeProfile } from '${path.join(REPO, 'src/pprof/index.ts')}';
const [file, cap] = process.argv.slice(-2);
const bytes = readFileSync(file);
const started = performance.now();
let outcome = 'read only';
if (cap !== 'read-only') {
  try {
    const profile = decodeProfile(bytes, cap === 'none' ? {} : { maxStackDepth: Number(cap) });
    outcome = 'kept ' + profile.samples.stackLocations.length + ' frames';
  } catch (error) {
    outcome = 'refused: ' + error.message.slice(0, 60) + '...';
  }
}
const ms = Math.round(performance.now() - started);
console.log(JSON.stringify({ ms, outcome, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
`;

const CASES: readonly { readonly frames: number; readonly caps: readonly string[] }[] = [
  { frames: 100_000, caps: ['read-only', 'none', '4096'] },
  { frames: 20_000_000, caps: ['read-only', 'none', '4096', '100000'] },
];

function main(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-deep-'));
  try {
    const child = path.join(dir, 'decode.ts');
    writeFileSync(child, CHILD);
    for (const { frames, caps } of CASES) {
      const file = path.join(dir, `deep-${frames}.pb.gz`);
      const bytes = deepStackProfile([frames]);
      writeFileSync(file, bytes);
      console.log(`one sample of ${frames} frames: ${bytes.length} bytes gzipped`);
      for (const cap of caps) {
        const stdout = execFileSync(process.execPath, ['--import', 'tsx', child, file, cap], {
          cwd: REPO,
          encoding: 'utf8',
        });
        const { ms, outcome, peakRssBytes } = JSON.parse(stdout) as {
          ms: number;
          outcome: string;
          peakRssBytes: number;
        };
        const rss = (peakRssBytes / 2 ** 20).toFixed(0);
        console.log(
          `  maxStackDepth ${cap.padEnd(9)} decode ${String(ms).padStart(5)} ms  peak RSS ${rss} MB  ${outcome}`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
