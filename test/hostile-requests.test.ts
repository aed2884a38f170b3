// Hostile input, answered (issue 8): a table of bad requests sent over real sockets to the real
// processor. Each gets its code and a JSON error naming the key (where there is one); afterwards
// the processor still captures, nothing was stored, and nothing was written outside the data root.
// The source allow-list, Secret consent and Secret namespaces have their own table (fetch/).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixturePath } from './support/fixtures.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { hostileRequestRows, JSON_TYPE, post } from './support/hostile-requests.js';
import { startTestProcessor, type TestProcessor } from './support/test-processor.js';

/** Writes `raw` on a new connection and reads the answer until the server closes it. */
function sendRaw(raw: string): Promise<{
  status: number;
  headers: Record<string, string>;
  text: string;
  json: Record<string, unknown> | undefined;
}> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(processor.processor.port, '127.0.0.1', () => socket.end(raw));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', text = ''] = answer.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers,
        text,
        json: JSON.parse(text) as Record<string, unknown>,
      });
    });
  });
}

/** Every file and directory under `dir` (except `skip`), with a hash of each file's content. */
function snapshot(dir: string, skip?: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (skip !== undefined && (file === skip || file.startsWith(`${skip}${path.sep}`))) continue;
    entries.set(
      path.relative(dir, file),
      entry.isFile()
        ? createHash('sha256').update(readFileSync(file)).digest('hex')
        : entry.isDirectory()
          ? 'dir'
          : 'other',
    );
  }
  return entries;
}

let target: GoTarget;
let processor: TestProcessor;
let parent: string;
let dataRoot: string;

before(async () => {
  parent = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-hostile-'));
  dataRoot = path.join(parent, 'data');
  mkdirSync(path.join(parent, 'sentinel', 'etc'), { recursive: true });
  writeFileSync(path.join(parent, 'sentinel', 'etc', 'passwd'), 'root:x:0:0\n');
  [target, processor] = await Promise.all([
    startGoTarget(['-stacks', '4', '-depth', '4']),
    startTestProcessor({ dataRoot }),
  ]);
});

after(async () => {
  await processor?.close();
  await target?.stop();
  rmSync(parent, { recursive: true, force: true });
});

describe('hostile requests to the processor', () => {
  it('answers each bad request with its code and a JSON error naming the key, and keeps serving', async (t) => {
    const table = hostileRequestRows(processor.processor.port);
    assert.equal(table.length, 120, 'the rows of the table');
    const outside = snapshot(parent, dataRoot);
    const inside = snapshot(dataRoot);
    const counts = new Map<number, number>();
    for (const row of table) {
      const answer = 'raw' in row.request ? await sendRaw(row.request.raw) : await processor.send(row.request);
      const shown = `${row.name}: ${answer.status} ${answer.text.slice(0, 300)}`;
      assert.equal(answer.status, row.status, shown);
      assert.match(String(answer.headers['content-type']), /^application\/json/, shown);
      assert.ok(answer.json !== undefined, shown);
      assert.equal(answer.json.key, row.key, shown);
      assert.match(String(answer.json.error), row.error, shown);
      counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
    }
    const head = await processor.send({ method: 'HEAD' });
    assert.deepEqual([head.status, head.headers.allow, head.text], [405, 'POST', '']);
    t.diagnostic(
      `hostile requests: ${table.length} rows, by status ${JSON.stringify(Object.fromEntries([...counts].sort()))}`,
    );

    assert.equal(({} as Record<string, unknown>).type, undefined, 'no prototype was polluted');
    assert.deepEqual(snapshot(parent, dataRoot), outside, 'nothing written outside the data root');
    assert.deepEqual(snapshot(dataRoot), inside, 'nothing stored');
    assert.equal(processor.processor.sessions.size, 0);
    assert.equal((await processor.send({ method: 'GET', path: '/healthz' })).text, 'ok\n');

    const good = await processor.post({ source: target.url, type: 'Heap', 'diagnosis.name': 'after-the-table' });
    assert.equal(good.status, 200, JSON.stringify(good.json));
    assert.match(
      String(good.json['diagnoser.runtime.go_profiler.result.file']),
      /\/default\.after-the-table\.Heap\.prof$/,
    );
    assert.deepEqual(snapshot(parent, dataRoot), outside, 'the good capture wrote only under the data root');
  });

  it('captures from an IPv6 source written in its plain form, and from its own origin', async () => {
    const fixture = readFileSync(fixturePath('heap-small.pb.gz'));
    const server = http.createServer((_req, res) => res.end(fixture));
    await new Promise<void>((resolve) => server.listen(0, '::1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const plain = await processor.post({ source: `http://[::1]:${port}`, type: 'Heap' });
      assert.equal(plain.status, 200, JSON.stringify(plain.json));
      // The processor's own origin and a same-origin fetch pass the browser checks.
      const own = await processor.send(
        post(
          { source: `http://[0:0:0:0:0:0:0:1]:${port}/`, type: 'Heap' },
          { ...JSON_TYPE, origin: processor.url, 'sec-fetch-site': 'same-origin' },
        ),
      );
      assert.equal(own.status, 200, own.text);
      // No content type at all, as KubeDiag's executor sends.
      const bare = await processor.send(post({ source: `http://[::1]:${port}`, type: 'Heap' }, {}));
      assert.equal(bare.status, 200, bare.text);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
