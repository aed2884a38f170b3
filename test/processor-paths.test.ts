// No answer of the processor names a path of its machine (SPEC §5): a capture that cannot be
// stored says where in the data root's words, while the log keeps the real path for operators.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixturePath } from './support/fixtures.js';
import { startTestProcessor, type TestProcessor } from './support/test-processor.js';

let source: http.Server;
let sourceUrl: string;
let processor: TestProcessor;
const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-paths-'));

before(async () => {
  const heap = readFileSync(fixturePath('heap-small.pb.gz'));
  source = http.createServer((_request, response) => response.end(heap));
  await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
  sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
  processor = await startTestProcessor({ dataRoot });
});

after(async () => {
  await processor?.close();
  source?.close();
  rmSync(dataRoot, { recursive: true, force: true });
});

describe('processor answers', () => {
  it('name the data root, not its path, when a capture cannot be stored', async () => {
    // `profilers` is a file: creating the capture's folder fails with the absolute path in Node's message.
    writeFileSync(path.join(dataRoot, 'profilers'), 'not a folder');
    const { status, json } = await processor.post({ source: sourceUrl, type: 'Heap' });
    assert.equal(status, 500, JSON.stringify(json));
    const error = String(json.error);
    assert.ok(!error.includes(dataRoot), error);
    assert.ok(!error.includes(os.tmpdir()), error);
    assert.match(error, /<data root>\/profilers/);
    assert.ok(
      processor.logs.some((line) => line.includes(dataRoot)),
      'the log keeps the real path for the operator',
    );
  });
});
