import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_STATUS, errorAnswerOf } from './error-status.js';
import { GoProfilerError } from './go-profiler-error.js';

// Stand-ins named as rows of the table: the real classes live in the layers above.
class QueryOptionError extends GoProfilerError {
  override readonly name = 'QueryOptionError';
  constructor(readonly key: string) {
    super(`parse option ${key}`, 'not a number');
  }
}

class SessionLimitError extends GoProfilerError {
  override readonly name = 'SessionLimitError';
  readonly retryAfterSeconds = 42;
  constructor() {
    super('open session', 'every place is taken', { cause: new Error('full') });
  }
}

class CaptureStoreError extends GoProfilerError {
  override readonly name = 'CaptureStoreError';
  readonly retryAfterSeconds = 7;
  constructor() {
    super('save capture x.prof', 'write failed');
  }
}

class UnlistedError extends GoProfilerError {
  override readonly name = 'UnlistedError';
  constructor() {
    super('do thing', 'failed');
  }
}

describe('GoProfilerError', () => {
  it('shapes the message `<operation> <object>: <reason>` and keeps the cause', () => {
    const error = new SessionLimitError();
    assert.equal(error.message, 'open session: every place is taken');
    assert.equal(error.name, 'SessionLimitError');
    assert.deepEqual(error.cause, new Error('full'));
    assert.equal(error instanceof Error, true);
  });
});

describe('errorAnswerOf', () => {
  it("answers a row's status with the error's message and key", () => {
    assert.deepEqual(errorAnswerOf(new QueryOptionError('nodecount')), {
      status: 400,
      message: 'parse option nodecount: not a number',
      key: 'nodecount',
    });
  });

  it('gives Retry-After only to a 503', () => {
    assert.deepEqual(errorAnswerOf(new SessionLimitError()), {
      status: 503,
      message: 'open session: every place is taken',
      retryAfterSeconds: 42,
    });
    assert.deepEqual(errorAnswerOf(new CaptureStoreError()), {
      status: 500,
      message: 'save capture x.prof: write failed',
    });
  });

  it('answers nothing for an error without a row, nor for a plain Error wearing a row name', () => {
    assert.equal(errorAnswerOf(new UnlistedError()), undefined);
    assert.equal(errorAnswerOf(Object.assign(new Error('x'), { name: 'QueryOptionError' })), undefined);
    assert.equal(errorAnswerOf('QueryOptionError'), undefined);
  });

  it('maps to HTTP error statuses only, in a frozen table', () => {
    const statuses = Object.values(ERROR_STATUS);
    assert.deepEqual(
      statuses.filter((status) => !(Number.isInteger(status) && status >= 400 && status <= 599)),
      [],
    );
    assert.equal(Object.isFrozen(ERROR_STATUS), true);
  });
});
