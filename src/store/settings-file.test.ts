import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fixturePath } from '../../test/support/fixtures.js';
import { listCaptures, saveCapture } from './capture-store.js';
import {
  InvalidSavedConfigError,
  SAVED_CONFIG_LIMITS,
  SavedConfigNotFoundError,
  SavedConfigsFullError,
  SettingsFile,
  SettingsFileError,
  userSettingsFile,
} from './settings-file.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-settings-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
/** A settings file path in a directory of its own (not created yet). */
const tempSettings = () => path.join(mkdtempSync(path.join(scratch, 'dir-')), 'nested', 'settings.json');

describe('SettingsFile', () => {
  it('starts empty, saves, replaces a config of the same name in place and deletes', async () => {
    const file = tempSettings();
    const settings = new SettingsFile(file);
    assert.deepEqual(await settings.list(), []);
    await settings.save({ name: 'no runtime', query: 'h=%5Eruntime%5C.' });
    await settings.save({ name: 'main only', query: 's=%5Emain%5C.' });
    await settings.save({ name: 'no runtime', query: 'h=%5Eruntime%5C.&g=lines' });
    const expected = [
      { name: 'no runtime', query: 'h=%5Eruntime%5C.&g=lines' },
      { name: 'main only', query: 's=%5Emain%5C.' },
    ];
    assert.deepEqual(await settings.list(), expected);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { version: 1, configs: expected });
    // Another viewer of the process, or a later process, reads the same file.
    assert.deepEqual(await new SettingsFile(file).list(), expected);
    assert.deepEqual(await settings.remove('no runtime'), [expected[1]]);
    await assert.rejects(settings.remove('no runtime'), SavedConfigNotFoundError);
  });

  it('writes through a temporary file and a rename: readers only ever see whole files, nothing is left behind', async () => {
    const file = tempSettings();
    const settings = new SettingsFile(file);
    await settings.save({ name: 'first', query: 'f=a' });
    const inodeBefore = statSync(file).ino;
    await settings.save({ name: 'second', query: 'f=b' });
    assert.notEqual(statSync(file).ino, inodeBefore, 'the file was replaced, not rewritten in place');
    const saves = Array.from({ length: 40 }, (_, i) =>
      settings.save({ name: `config ${i}`, query: `f=${'x'.repeat(i * 50)}` }),
    );
    const reads: number[] = [];
    const reader = (async () => {
      while (reads.length < 200) {
        reads.push((JSON.parse(readFileSync(file, 'utf8')) as { configs: unknown[] }).configs.length);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all([...saves, reader]);
    assert.ok(
      reads.every((count, i) => count >= (reads[i - 1] ?? 1)),
      'every read parsed, with as many configs as before or more',
    );
    assert.deepEqual(readdirSync(path.dirname(file)), ['settings.json']);
  });

  it('keeps every one of many simultaneous saves, from several instances for the same file', async () => {
    const file = tempSettings();
    const viewers = [new SettingsFile(file), new SettingsFile(path.join(path.dirname(file), '.', 'settings.json'))];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => viewers[i % 2]!.save({ name: `config ${i}`, query: `n=${i + 1}` })),
    );
    const names = (await viewers[0]!.list()).map((c) => c.name).sort();
    assert.deepEqual(names, Array.from({ length: 30 }, (_, i) => `config ${i}`).sort());
  });

  it('reports a corrupt or foreign file by name and never overwrites it', async () => {
    for (const [content, reason] of [
      ['{"configs": [', /not valid JSON \(.+\); fix or remove the file$/],
      ['', /not valid JSON/],
      ['{"configs": [{"name": "a"}]}', /not a settings file \(configs\.0\.query: .+\); fix or remove the file$/],
      ['["a"]', /not a settings file/],
    ] as const) {
      const file = tempSettings();
      const settings = new SettingsFile(file);
      await settings.save({ name: 'a', query: '' });
      writeFileSync(file, content);
      const named = (error: unknown) => {
        assert.ok(error instanceof SettingsFileError);
        assert.ok(error.message.startsWith(`read settings ${file}: `), error.message);
        assert.match(error.message, reason);
        return true;
      };
      await assert.rejects(settings.list(), named);
      await assert.rejects(settings.save({ name: 'b', query: 'f=b' }), named);
      await assert.rejects(settings.remove('a'), named);
      assert.equal(readFileSync(file, 'utf8'), content, 'the file is as the user left it');
    }
  });

  it('keeps fields it does not know when it rewrites the file', async () => {
    const file = tempSettings();
    const settings = new SettingsFile(file);
    await settings.save({ name: 'a', query: '' });
    writeFileSync(file, JSON.stringify({ version: 1, theme: 'dark', configs: [{ name: 'a', query: '', note: 'x' }] }));
    await settings.save({ name: 'b', query: 'f=b' });
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {
      version: 1,
      theme: 'dark',
      configs: [
        { name: 'a', query: '', note: 'x' },
        { name: 'b', query: 'f=b' },
      ],
    });
  });

  it('refuses names and queries past the limits, naming the field, and a config past the count', async () => {
    const settings = new SettingsFile(tempSettings());
    const refused = (key: string, reason: RegExp) => (error: unknown) => {
      assert.ok(error instanceof InvalidSavedConfigError);
      assert.equal(error.key, key);
      assert.match(error.message, reason);
      return true;
    };
    await assert.rejects(settings.save({ name: ' ', query: '' }), refused('name', /^save config: name is empty$/));
    await assert.rejects(
      settings.save({ name: 'x'.repeat(65), query: '' }),
      refused('name', /name is longer than 64 characters/),
    );
    await assert.rejects(settings.save({ name: 'a\nb', query: '' }), refused('name', /control characters/));
    await assert.rejects(settings.save({ name: 'a\u009bb', query: '' }), refused('name', /control characters/));
    await assert.rejects(
      settings.save({ name: 'long', query: `f=${'x'.repeat(4095)}` }),
      refused('query', /query is longer than 4096 bytes/),
    );
    // 64 characters, some outside the BMP, are fine.
    const longest = `${'🔥'.repeat(10)}${'y'.repeat(54)}`;
    await settings.save({ name: longest, query: `f=${'x'.repeat(4094)}` });

    for (let i = 1; i < SAVED_CONFIG_LIMITS.maxConfigs; i++) await settings.save({ name: `c${i}`, query: '' });
    await assert.rejects(settings.save({ name: 'one more', query: '' }), SavedConfigsFullError);
    await settings.save({ name: 'c1', query: 'f=replaced' });
    assert.equal((await settings.list()).length, SAVED_CONFIG_LIMITS.maxConfigs);
  });
});

describe('where settings live', () => {
  it('under the data root beside profilers/, where listing captures never looks', async () => {
    const root = mkdtempSync(path.join(scratch, 'root-'));
    const capturedAt = new Date('2026-11-25T09:04:05Z');
    await saveCapture(root, {
      bytes: new Uint8Array(readFileSync(fixturePath('heap-small.pb.gz'))),
      path: { capturedAt, type: 'Heap', diagnosisNamespace: 'default', diagnosisName: 'd' },
      record: {
        source: 'http://127.0.0.1:6060',
        url: 'http://127.0.0.1:6060/debug/pprof/heap',
        type: 'Heap',
        requestedAt: capturedAt.toISOString(),
        capturedAt: capturedAt.toISOString(),
        sampleTypes: [{ type: 'inuse_space', unit: 'bytes' }],
        sampleCount: 3,
        diagnosis: { namespace: 'default', name: 'd' },
      },
    });
    // Where a processor's viewers keep a namespace's configs: beside profilers/, never listed as a capture.
    const file = path.join(root, 'go-profiler', 'configs', 'default.json');
    await new SettingsFile(file).save({ name: 'a', query: 'f=a' });
    const problems: unknown[] = [];
    const records = await listCaptures(root, { onProblem: (problem) => problems.push(problem) });
    assert.deepEqual(
      records.map((r) => r.file),
      ['profilers/go/pprof/20261125090405/default.d.Heap.prof'],
    );
    assert.deepEqual(problems, []);
  });

  it("for `go-profiler view`, in XDG's config directory", () => {
    assert.equal(
      userSettingsFile({ XDG_CONFIG_HOME: '/xdg/config' }, '/home/u'),
      '/xdg/config/go-profiler/settings.json',
    );
    assert.equal(userSettingsFile({}, '/home/u'), '/home/u/.config/go-profiler/settings.json');
    // XDG: a relative path is invalid and ignored.
    assert.equal(userSettingsFile({ XDG_CONFIG_HOME: 'rel' }, '/home/u'), '/home/u/.config/go-profiler/settings.json');
  });
});
