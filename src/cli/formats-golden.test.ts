// Golden tests of pprof's other output formats: -raw and -callgrind byte for byte, -svg by its
// structure (every node's and edge's title, tooltip and text, which is the graph of -dot laid
// out: coordinates belong to the layout engine, ours @viz-js/viz, pprof's the dot binary).
// Cases are in testdata/golden/formats.json, on shared fixtures and on peer profiles
// (`peer/NAME` is ../shared/peer/NAME). UPDATE_GOLDEN=1 regenerates the expected files with
// `go tool pprof` (TZ=UTC; -svg needs Graphviz's dot on the PATH) and formats-commands.txt.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT, FIXTURES_DIR, SHARED_DIR } from '../../test/support/fixtures.js';
import { encodeRawBytesText } from '../pprof/index.js';
import { joinChunks, UTC_TIME_ZONE } from '../query/index.js';
import { loadProfiles } from './load-profiles.js';
import { textReports } from './report-commands.js';
import { queryOptionsFromFlags } from './report-flags.js';
import { renderSvgReport } from './report-svg.js';
import { svgStructure } from '../../test/support/svg-structure.js';

const run = promisify(execFile);
const GOLDEN_DIR = path.join(REPO_ROOT, 'testdata/golden');
const UPDATE = process.env.UPDATE_GOLDEN ?? '';

interface FormatCase {
  readonly name: string;
  readonly report: 'raw' | 'callgrind' | 'svg';
  readonly files: readonly string[];
  /** pprof's flags as written on its command line (`-focus=x`), and our CLI's flags object. */
  readonly pprof: readonly string[];
  readonly flags: Record<string, unknown>;
}

const CASES = (JSON.parse(readFileSync(path.join(GOLDEN_DIR, 'formats.json'), 'utf8')) as { cases: FormatCase[] })
  .cases;

const resolve = (file: string) =>
  file.startsWith('peer/') ? path.join(SHARED_DIR, file) : path.join(FIXTURES_DIR, file);

const expectedFile = (c: FormatCase) =>
  path.join(GOLDEN_DIR, `${c.name}.${c.report === 'svg' ? 'svg-structure' : c.report}.txt`);

/** pprof's output bytes; it runs in the fixtures folder, where its -diff_base files are. */
async function pprofOutput(c: FormatCase): Promise<Buffer> {
  const { stdout } = await run('go', ['tool', 'pprof', `-${c.report}`, ...c.pprof, ...c.files.map(resolve)], {
    cwd: FIXTURES_DIR,
    env: { ...process.env, TZ: 'UTC' },
    encoding: 'buffer',
    maxBuffer: 256 * 1024 * 1024,
  });
  return c.report === 'svg' ? Buffer.from(svgStructure(stdout.toString('utf8'))) : stdout;
}

async function ourOutput(c: FormatCase): Promise<Buffer> {
  const options = queryOptionsFromFlags(c.flags);
  const profile = await loadProfiles({
    files: c.files.map(resolve),
    diffBase: ((c.flags.diffBase as string[] | undefined) ?? []).map(resolve),
    base: ((c.flags.base as string[] | undefined) ?? []).map(resolve),
  });
  if (c.report === 'svg') {
    // No layout time limit (an hour): on a busy machine pprof's default graph must not fall back to fewer nodes.
    const noLimit = { timeLimitMs: 3_600_000 };
    return Buffer.from(svgStructure(await renderSvgReport(profile, options, UTC_TIME_ZONE, () => {}, noLimit)));
  }
  const report = textReports(UTC_TIME_ZONE, () => {})[c.report];
  return encodeRawBytesText(joinChunks(report(profile, options, undefined, c.flags)));
}

if (UPDATE !== '') {
  const lines = CASES.map(
    (c) =>
      `${path.basename(expectedFile(c))}: TZ=UTC go tool pprof -${c.report} ${[...c.pprof, ...c.files].join(' ')}` +
      (c.report === 'svg' ? ' (structure: src/cli/svg-structure.ts)' : ''),
  );
  writeFileSync(path.join(GOLDEN_DIR, 'formats-commands.txt'), `${lines.join('\n')}\n`);
}

describe('-raw, -callgrind and -svg match go tool pprof', () => {
  for (const c of CASES) {
    it(`${c.name}.${c.report}`, async () => {
      const file = expectedFile(c);
      if (UPDATE !== '') writeFileSync(file, await pprofOutput(c));
      if (!existsSync(file)) assert.fail(`missing ${path.relative(REPO_ROOT, file)}: run UPDATE_GOLDEN=1`);
      const ours = await ourOutput(c);
      assert.equal(ours.toString('latin1'), readFileSync(file).toString('latin1'));
    });
  }
});
