import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { SESSIONS_DIR, SessionRecords, type SessionRecord } from './session-records.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-session-records-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const RECORD: SessionRecord = {
  version: 1,
  file: 'profilers/go/pprof/20261125093000/default.demo.Heap.prof',
  port: 40129,
  openedAt: '2026-11-25T09:30:00.000Z',
  expiresAt: '2026-11-25T11:30:00.000Z',
  token: '0123456789abcdef0123456789abcdef',
  decode: { maxDecompressedBytes: 536870912, maxStackDepth: 4096 },
};

describe('SessionRecords', () => {
  it('writes a record 0600 through a temporary name, reads it back, replaces and removes it', async () => {
    const dataRoot = mkdtempSync(path.join(scratch, 'root-'));
    const records = new SessionRecords(dataRoot);
    assert.deepEqual(await records.readAll(), [], 'no folder yet: no records');
    const name = await records.create(RECORD);
    const dir = path.join(dataRoot, SESSIONS_DIR);
    assert.deepEqual(readdirSync(dir), [name]);
    assert.equal(statSync(path.join(dir, name)).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.deepEqual(await records.readAll(), [{ name, record: RECORD }]);
    await records.replace(name, { ...RECORD, port: 40130 });
    assert.deepEqual(await records.readAll(), [{ name, record: { ...RECORD, port: 40130 } }]);
    await records.remove(name);
    await records.remove(name);
    assert.deepEqual(await records.readAll(), []);
  });

  it('reads every other file as hostile: each has a problem, leftovers of a write are deleted', async () => {
    const dataRoot = mkdtempSync(path.join(scratch, 'root-'));
    const dir = path.join(dataRoot, SESSIONS_DIR);
    mkdirSync(dir, { recursive: true });
    const write = (name: string, value: unknown) =>
      writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
    write('a.json', '{');
    write('b.json', { ...RECORD, file: '../../../../etc/passwd' });
    write('c.json', { ...RECORD, port: 70000 });
    write('d.json', { ...RECORD, token: 'short' });
    write('e.txt', RECORD);
    write('f.json', 'x'.repeat(20_000));
    write('g.json.1a2b3c.tmp', '{');
    symlinkSync('/etc/hostname', path.join(dir, 'h.json'));
    const records = new SessionRecords(dataRoot);
    assert.deepEqual(await records.readAll(), [
      { name: 'a.json', problem: 'not JSON' },
      {
        name: 'b.json',
        problem: 'resolve capture path "../../../../etc/passwd": outside profilers/go/pprof of the data root',
      },
      { name: 'c.json', problem: 'port: Invalid value: Expected <=65535 but received 70000' },
      { name: 'd.json', problem: 'token: Invalid format: Expected /^[0-9a-f]{32}$/ but received "short"' },
      { name: 'e.txt', problem: 'not a .json record' },
      { name: 'f.json', problem: 'larger than 16384 bytes' },
      { name: 'h.json', problem: 'not a regular file' },
    ]);
    assert.equal(readdirSync(dir).includes('g.json.1a2b3c.tmp'), false);
    await assert.rejects(records.create({ ...RECORD, file: '/etc/passwd' }), {
      name: 'UnsafeCapturePathError',
    });
  });

  it('refuses a records folder that leads out of the data root through a link', async () => {
    const dataRoot = mkdtempSync(path.join(scratch, 'root-'));
    mkdirSync(path.join(dataRoot, 'go-profiler'));
    symlinkSync(mkdtempSync(path.join(scratch, 'elsewhere-')), path.join(dataRoot, SESSIONS_DIR));
    await assert.rejects(new SessionRecords(dataRoot).readAll(), {
      name: 'CaptureStoreError',
      message: 'list session records go-profiler/sessions: it leads out of the data root through a link',
    });
  });
});
