import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FetchNetworkError } from '../fetch/index.js';
import { SessionLimitError } from '../session/index.js';
import { CaptureStoreError } from '../store/index.js';
import { toErrorResponse } from './error-response.js';
import { ForeignOriginError } from './request-guard.js';

/** A real ENOSPC from the operating system: /dev/full refuses every write. */
function diskFullError(): Error {
  try {
    writeFileSync('/dev/full', 'x');
  } catch (error) {
    return error as Error;
  }
  assert.fail('/dev/full accepted a write');
}

describe('toErrorResponse', () => {
  it('answers 503 with Retry-After when the host is out of a resource, whichever step failed', () => {
    const full = toErrorResponse(
      new CaptureStoreError('save capture', 'profilers/go/pprof/x.prof', 'write failed', { cause: diskFullError() }),
    );
    assert.deepEqual(full, {
      statusCode: 503,
      body: {
        error:
          "save capture profilers/go/pprof/x.prof: the processor's host is out of disk space (ENOSPC); the target is not at fault, retry later",
      },
      headers: { 'retry-after': '10' },
      expected: true,
    });
    const descriptors = toErrorResponse(
      new FetchNetworkError('http://10.0.0.7:6060/debug/pprof/heap', 'ENFILE', 'connect ENFILE (ENFILE)'),
    );
    assert.equal(descriptors.statusCode, 503);
    assert.match(
      descriptors.body.error,
      /^fetch http:\/\/10\.0\.0\.7:6060\/debug\/pprof\/heap: .* \(the system-wide limit\) \(ENFILE\)/,
    );
    // A target's own failure stays the target's: 500.
    const refused = toErrorResponse(new FetchNetworkError('http://h:1/x', 'ECONNREFUSED', 'connection refused'));
    assert.equal(refused.statusCode, 500);
  });

  it('names the key of a refused header and the Retry-After of a full processor', () => {
    assert.deepEqual(toErrorResponse(new ForeignOriginError('origin', 'http://evil.example')).body, {
      error:
        'check request origin: origin "http://evil.example" is not the processor\'s own (a web page may not make the processor fetch)',
      key: 'origin',
    });
    const full = toErrorResponse(new SessionLimitError(100, 42));
    assert.equal(full.statusCode, 503);
    assert.deepEqual(full.headers, { 'retry-after': '42' });
  });
});
