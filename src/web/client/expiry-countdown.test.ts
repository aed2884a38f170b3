import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRemaining } from './expiry-countdown.js';

describe('expiry countdown text', () => {
  it('counts hours, minutes and seconds, rounding up, and says expired at zero', () => {
    assert.equal(formatRemaining(7_200_000), '2h 00m 00s');
    assert.equal(formatRemaining(7_198_001), '1h 59m 59s');
    assert.equal(formatRemaining(245_000), '4m 05s');
    assert.equal(formatRemaining(9_000), '9s');
    assert.equal(formatRemaining(1), '1s');
    assert.equal(formatRemaining(0), 'expired');
    assert.equal(formatRemaining(-5), 'expired');
  });
});
