// The Source view's code (`go-profiler view --source-path`): the lines and their weights equal
// `go tool pprof -list -source_path`'s, and the viewer shows only regular files, at most 4 MiB,
// whose real path lies under the given directories; without a source path (every processor
// session) it reads nothing.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fixtureCapture } from './support/fixture-capture.js';
import { GOTARGET_DIR, fixturePath } from './support/fixtures.js';
import { goToolPprof } from './support/go-pprof.js';
import { MAX_SOURCE_FILE_BYTES, sourceFilesUnder } from '../src/web/source-files.js';
import type { SourceRoutineModel, SourceViewModel } from '../src/web/view-models.js';
import { buildViewerApp } from '../src/web/viewer-server.js';

const apps: ReturnType<typeof buildViewerApp>[] = [];
after(async () => {
  for (const app of apps) await app.close();
});

function viewer(fixture: string, sourcePath?: string) {
  const sources = sourcePath === undefined ? undefined : sourceFilesUnder(sourcePath, '');
  const app = buildViewerApp(fixtureCapture(fixture, 'Profile'), { sources });
  apps.push(app);
  return app;
}

async function source(app: ReturnType<typeof viewer>, regexp: string): Promise<SourceViewModel> {
  const response = await app.inject({ url: `/api/source?n=0&f=${encodeURIComponent(regexp)}` });
  assert.equal(response.statusCode, 200, response.body.slice(0, 300));
  return response.json() as SourceViewModel;
}

/** A routine's block as -list prints it, from the model's texts. */
function asListText(routine: SourceRoutineModel): string {
  const lines = routine.code.map(
    (l) => `${l.flatText.padStart(10)} ${l.cumText.padStart(10)} ${String(l.line).padStart(6)}:${l.text}`,
  );
  return [`ROUTINE ======================== ${routine.function} in ${routine.file}`, ...lines].join('\n');
}

/** pprof's -list output without its Total line and the (flat, cum) line of each routine. */
function withoutValueLines(pprof: string): string {
  return pprof
    .split('\n')
    .filter((line) => !/^Total: |\(flat, cum\)/.test(line) && line !== '')
    .join('\n');
}

/** A directory named like the target's, so that pprof's lookup trims the profile's names to it. */
function targetLike(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'sources-')), 'gotarget');
  mkdirSync(dir);
  return dir;
}

describe('Source view with --source-path', () => {
  it("shows pprof -list -source_path's lines, code and weights for the target's functions", async () => {
    const regexp = 'main\\.(run|encode)';
    const [model, pprof] = await Promise.all([
      source(viewer('cpu-small.pb.gz', GOTARGET_DIR), regexp),
      goToolPprof([`-list=${regexp}`, `-source_path=${GOTARGET_DIR}`, fixturePath('cpu-small.pb.gz')]),
    ]);
    assert.equal(model.readsSources, true);
    assert.deepEqual(
      model.routines.map((r) => [r.function, r.code.length]),
      [
        ['main.encodeJSON', 13],
        ['main.encodeOrder', 20],
        ['main.encodeRequest', 29],
        ['main.encodeToken', 14],
        ['main.runPath', 11],
      ],
      'each routine with its lines of code',
    );
    assert.equal(model.routines.map(asListText).join('\n'), withoutValueLines(pprof));
  });

  it('reads no file outside the source path, not even one the profile names absolutely', async () => {
    const model = await source(viewer('cpu-small.pb.gz', GOTARGET_DIR), 'runtime\\.mallocgc$');
    const [routine] = model.routines;
    assert.ok(routine !== undefined && routine.file.endsWith('/src/runtime/malloc.go'));
    assert.deepEqual(routine.code, []);
    assert.match(
      routine.sourceError ?? '',
      /^open \/usr\/lib\/go-[^/]+\/src\/runtime\/malloc\.go: not under --source-path$/,
    );
    assert.equal(routine.lines.length, 14, 'the weighted lines remain');
  });

  it('follows no link out of the source path, and refuses directories and files above 4 MiB', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'outside-'));
    writeFileSync(path.join(outside, 'main.go'), readFileSync(path.join(GOTARGET_DIR, 'main.go')));
    const linked = targetLike();
    symlinkSync(path.join(outside, 'main.go'), path.join(linked, 'main.go'));
    const viaLink = await source(viewer('heap-small.pb.gz', linked), 'main\\.runPath');
    assert.deepEqual(viaLink.routines[0]?.code, []);
    assert.equal(viaLink.routines[0]?.sourceError, `could not find file main.go on path ${linked}`);

    const directory = targetLike();
    mkdirSync(path.join(directory, 'main.go'));
    const notFile = await source(viewer('heap-small.pb.gz', directory), 'main\\.runPath');
    assert.equal(notFile.routines[0]?.sourceError, `could not find file main.go on path ${directory}`);

    const large = targetLike();
    writeFileSync(path.join(large, 'main.go'), `${'\n'.repeat(300)}${'x'.repeat(MAX_SOURCE_FILE_BYTES)}`);
    const tooLarge = await source(viewer('heap-small.pb.gz', large), 'main\\.runPath');
    assert.deepEqual(tooLarge.routines[0]?.code, []);
  });

  it('without a source path reads nothing, as every processor session', async () => {
    const model = await source(viewer('cpu-small.pb.gz'), 'runtime\\.mallocgc$|main\\.run');
    assert.equal(model.readsSources, false);
    assert.deepEqual(
      model.routines.map((r) => r.function),
      ['main.runPath', 'runtime.mallocgc'],
    );
    for (const routine of model.routines) {
      assert.deepEqual(routine.code, []);
      assert.equal(routine.sourceError, undefined);
      assert.match(routine.file, /^\//, 'file names untrimmed');
    }
  });

  it('refuses a source path that is not a directory at start-up', () => {
    assert.throws(() => sourceFilesUnder('/no/such/dir', ''), /read source path \/no\/such\/dir: /);
    assert.throws(() => sourceFilesUnder(fixturePath('heap-small.pb.gz'), ''), /: not a directory$/);
  });
});
