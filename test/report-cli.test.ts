// `go-profiler report` on the command line: a stored capture's sidecar gives the report its type,
// source, time and advice; a bad command line or file is one line on stderr and a failing status.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { REPORT_DATA_ELEMENT_ID, type OfflineReportData } from '../src/web/report/offline-report-model.js';
import { REPO_ROOT, fixturePath } from './support/fixtures.js';

const BIN = path.join(REPO_ROOT, 'dist/cli/main.js');
const dir = mkdtempSync(path.join(tmpdir(), 'go-profiler-report-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: readonly string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

function reportDataOf(file: string): OfflineReportData {
  const html = readFileSync(file, 'utf8');
  const open = `<script type="application/json" id="${REPORT_DATA_ELEMENT_ID}">`;
  const from = html.indexOf(open) + open.length;
  return JSON.parse(html.slice(from, html.indexOf('</script>', from))) as OfflineReportData;
}

describe('go-profiler report', () => {
  it("takes a stored capture's type, source, time and advice from its sidecar", () => {
    const profile = path.join(dir, 'default.unknown.Block.prof');
    copyFileSync(fixturePath('block-small.pb.gz'), profile);
    const advice = ['Block profiling is off: call runtime.SetBlockProfileRate(1) in the program.'];
    const sidecar = { type: 'Block', source: 'http://10.0.0.7:6060', capturedAt: '2026-11-25T09:34:40.000Z', advice };
    writeFileSync(path.join(dir, 'default.unknown.Block.json'), JSON.stringify(sidecar));
    const output = path.join(dir, 'block.html');
    const result = run(['report', profile, '-o', output]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /^Wrote .*block\.html \(\d+ bytes\)\n$/);
    const [report] = reportDataOf(output).profiles;
    assert.deepEqual(
      { type: report!.type, source: report!.source, capturedAt: report!.capturedAt, advice: report!.advice },
      sidecar,
    );
  });

  it('names a file it cannot read, in one line, and writes nothing', () => {
    const output = path.join(dir, 'missing.html');
    const result = run(['report', path.join(dir, 'nope.pb.gz'), '-o', output]);
    assert.equal(result.status, 1);
    assert.equal(result.stderr, `go-profiler: read profile ${path.join(dir, 'nope.pb.gz')}: no such file\n`);
    assert.equal(existsSync(output), false);
  });

  it('asks for -o', () => {
    const result = run(['report', fixturePath('heap-small.pb.gz')]);
    assert.equal(result.status, 1);
    assert.equal(
      result.stderr,
      "go-profiler: parse command line of go-profiler report: required option '-o, --output <file>' not specified\n",
    );
  });
});
