// Strings keep the bytes that are no valid UTF-8, and are written back byte for byte.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeRawBytesText, encodeRawBytesText, hasRawBytes } from './raw-bytes-text.js';

const roundTrip = (bytes: number[]) => {
  const buf = Uint8Array.from(bytes);
  return encodeRawBytesText(decodeRawBytesText(buf, 0, buf.length));
};

describe('raw-bytes text', () => {
  it('decodes valid UTF-8 as usual, with no kept bytes', () => {
    const text = decodeRawBytesText(Buffer.from('naïve 😀'), 0, Buffer.byteLength('naïve 😀'));
    assert.equal(text, 'naïve 😀');
    assert.equal(hasRawBytes(text), false);
  });
  it('keeps every invalid byte, one by one, and writes it back as it was', () => {
    const all = Array.from({ length: 256 }, (_, b) => b);
    assert.deepEqual([...roundTrip(all)], all);
    const text = decodeRawBytesText(Uint8Array.from([0x61, 0xc3, 0x28, 0xe2, 0x82]), 0, 5);
    assert.equal(text, 'a\udcc3(\udce2\udc82');
  });
  it('refuses overlong forms and encoded surrogates, as Go does', () => {
    assert.equal(decodeRawBytesText(Uint8Array.from([0xc0, 0xaf]), 0, 2), '\udcc0\udcaf');
    assert.equal(decodeRawBytesText(Uint8Array.from([0xed, 0xa0, 0x80]), 0, 3), '\udced\udca0\udc80');
  });
  it('writes a surrogate pair as its character, a lone high surrogate as U+FFFD', () => {
    assert.deepEqual([...encodeRawBytesText('\ud83d\udc80')], [...Buffer.from('💀')]);
    assert.deepEqual([...encodeRawBytesText('\ud800x\udcff')], [0xef, 0xbf, 0xbd, 0x78, 0xff]);
  });
});
