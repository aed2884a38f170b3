// Every processor capture gets its offline report beside the profile (`<stem>.report.html`):
// answered as `result.report` at once, written in a worker after the answer, then named in the
// sidecar. Checked on a capture of the real Go target: the page's data holds the capture's facts
// and Top as `go tool pprof -top` prints it for the stored file.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPORT_DATA_ELEMENT_ID, type OfflineReportData } from '../src/web/report/offline-report-model.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { runPprofTop } from './browser/pprof-top.js';
import { startTestProcessor, type TestProcessor } from './support/test-processor.js';
import { waitFor } from './support/wait-for.js';

const R = 'diagnoser.runtime.go_profiler.result.';

let target: GoTarget;
let processor: TestProcessor;

before(async () => {
  [target, processor] = await Promise.all([startGoTarget(['-leak', '1', '-cpu', '0']), startTestProcessor()]);
});

after(async () => {
  await processor?.close();
  await target?.stop();
});

/** The data embedded in a report page. */
function reportDataOf(html: string): OfflineReportData {
  const start = html.indexOf(`<script type="application/json" id="${REPORT_DATA_ELEMENT_ID}">`);
  assert.ok(start >= 0, 'the page holds its data');
  const from = html.indexOf('>', start) + 1;
  return JSON.parse(html.slice(from, html.indexOf('</script>', from))) as OfflineReportData;
}

describe('the offline report beside each capture', () => {
  it('answers its path, writes it beside the profile and names it in the sidecar', async () => {
    const { status, json } = await processor.post({ source: target.url, type: 'heap', expirationSeconds: 60 });
    assert.equal(status, 200, JSON.stringify(json));
    const file = String(json[`${R}file`]);
    const report = String(json[`${R}report`]);
    assert.equal(report, file.replace(/\.prof$/, '.report.html'));
    await waitFor(
      () => processor.logs.some((line) => line.includes('"offline report written"')),
      'the offline report to be written',
    );
    assert.equal(processor.logs.filter((line) => line.includes('offline report not written')).length, 0);
    const sidecar = JSON.parse(readFileSync(path.join(processor.dataRoot, file.replace(/\.prof$/, '.json')), 'utf8'));
    assert.equal(sidecar.report, report);
    const reportPath = path.join(processor.dataRoot, report);
    assert.ok(existsSync(reportPath));

    const data = reportDataOf(readFileSync(reportPath, 'utf8'));
    assert.equal(data.profiles.length, 1);
    const [profile] = data.profiles;
    assert.equal(profile!.name, path.basename(file));
    assert.equal(profile!.type, 'Heap');
    assert.equal(profile!.source, target.url);
    assert.equal(profile!.capturedAt, sidecar.capturedAt);
    assert.deepEqual(
      profile!.views.map((view) => view.sampleType.type),
      ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'],
    );
    const view = profile!.views[profile!.defaultSampleIndex]!;
    const expected = await runPprofTop(path.join(processor.dataRoot, file), ['-nodecount=500']);
    assert.deepEqual(
      view.topRows.map(([name, inline, flat, flatPercent, sumPercent, cum, cumPercent]) => ({
        flat,
        flatPercent,
        sumPercent,
        cum,
        cumPercent,
        name: inline === '' ? name : `${name} ${inline}`,
      })),
      expected.rows,
    );
  });

  it("writes a bundle's one report with every kept profile, each with its own advice", async () => {
    const { status, json } = await processor.post({ source: target.url, type: 'bundle', seconds: 1 });
    assert.equal(status, 200, JSON.stringify(json));
    const file = String(json[`${R}file`]);
    const report = String(json[`${R}report`]);
    assert.equal(report, file.replace(/\.json$/, '.report.html'));
    const sidecarPath = path.join(processor.dataRoot, file);
    await waitFor(
      () => JSON.parse(readFileSync(sidecarPath, 'utf8')).report === report,
      "the bundle's report named in its sidecar",
    );
    const sidecar = JSON.parse(readFileSync(sidecarPath, 'utf8')) as {
      bundle: { profile: string; type: string; file?: string; advice?: string[] }[];
    };
    const kept = sidecar.bundle.filter((entry) => entry.file !== undefined);
    const data = reportDataOf(readFileSync(path.join(processor.dataRoot, report), 'utf8'));
    assert.deepEqual(
      data.profiles.map((profile) => [profile.name, profile.type, profile.advice]),
      kept.map((entry) => [entry.profile, entry.type, entry.advice ?? []]),
    );
  });
});
