import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequestError } from './invalid-request-error.js';
import { findDuplicateKey, parseJsonBody } from './request-body.js';

function assertRefused(body: Buffer | undefined, key: string | undefined, message: string) {
  assert.throws(
    () => parseJsonBody(body),
    (error: unknown) => error instanceof InvalidRequestError && error.key === key && error.message === message,
  );
}

describe('parseJsonBody', () => {
  it('reads a JSON value from UTF-8 bytes', () => {
    assert.deepEqual(parseJsonBody(Buffer.from('{"type": "Heap", "name": "é"}')), { type: 'Heap', name: 'é' });
  });

  it('refuses empty bodies, a byte order mark, invalid UTF-8 and text that is not JSON', () => {
    assertRefused(undefined, undefined, 'parse request body: empty (expected a JSON object)');
    assertRefused(Buffer.from(' \n'), undefined, 'parse request body: empty (expected a JSON object)');
    assertRefused(
      Buffer.from('\ufeff{}'),
      undefined,
      'parse request body: starts with a byte order mark (send UTF-8 JSON without one)',
    );
    assertRefused(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), undefined, 'parse request body: not valid UTF-8');
    assert.throws(() => parseJsonBody(Buffer.from('{"a": ')), /^InvalidRequestError: parse request body: not JSON \(/);
  });

  it('refuses a key named twice, naming its path', () => {
    assertRefused(
      Buffer.from('{"type": "Heap", "type": "trace"}'),
      'type',
      'parse request key type: given twice (a JSON object may name each key once)',
    );
    assert.equal(
      findDuplicateKey('{"tls": {"secretReference": {"name": "a", "n\\u0061me": "b"}}}'),
      'tls.secretReference.name',
    );
    assert.equal(findDuplicateKey('{"a": [{"b": 1}, {"b": 2, "c": "\\"b\\"", "b": 3}]}'), 'a.[].b');
    // Same names in different objects, and keys that only look alike, are not duplicates.
    assert.equal(findDuplicateKey('{"a": {"x": 1}, "b": {"x": 1}, "x": ["x", "x"], "x\\"": 1}'), undefined);
  });

  it('scans 100k-deep nesting without recursion', () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    assert.equal(findDuplicateKey(deep), undefined);
    assert.equal(findDuplicateKey(`{"k":${'['.repeat(100_000)}${']'.repeat(100_000)},"k":1}`), 'k');
  });
});
