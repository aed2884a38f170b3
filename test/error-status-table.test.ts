// The one status table (src/errors/error-status.ts) against the typed errors of every layer: each
// row names a real class, each class is either a row or on the short list of errors that are never
// an answer, the processor and the viewers answer a row alike, and an error rebuilt after crossing
// a worker thread answers as the one thrown did.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ERROR_STATUS, GoProfilerError, errorAnswerOf } from '../src/errors/index.js';
import { toErrorResponse } from '../src/processor/error-response.js';
import { QueryError, QueryOptionError } from '../src/query/index.js';
import { InvalidSavedConfigError, SettingsFileError } from '../src/store/index.js';
import { QueryTimeoutError, QueryWorkerError } from '../src/web/query-pool-errors.js';
import { GraphTooLargeError, ViewerRequestError, errorResponseOf } from '../src/web/viewer-errors.js';
import { deserializeError, serializeError } from '../src/web/worker-errors.js';
import { REPO_ROOT } from './support/fixtures.js';

/** Typed errors that are never an answer of their own: one reaching a handler is a bug (500). */
const NEVER_ANSWERS = [
  'AdvertiseAddressError',
  'DataRootError',
  'FlameGraphWireError',
  'GraphLayoutError',
  'GraphLayoutTimeLimitError',
  'MemoryLimitSettingError',
  'OfflineReportError',
  'ProfileDecodeError',
  'ProfileTooLargeError',
  'SourcePathError',
  'SourceRuleError',
  'SourceUrlError',
  'UnknownProfileTypeError',
  'ViewerAssetsError',
  'ViewerPortsExhaustedError',
];

/** Server-side sources that declare an error class (not tests, not the browser's room). */
function errorSources(): string[] {
  const src = path.join(REPO_ROOT, 'src');
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.startsWith('web/client/'))
    .map((file) => path.join(src, file))
    .filter((file) => /class \w+ extends \w*Error\b/.test(readFileSync(file, 'utf8')));
}

interface ErrorClass {
  readonly file: string;
  /** The `override readonly name = '…'` literal; undefined for an abstract base (SecretError). */
  readonly literal: string | undefined;
  /** Extends GoProfilerError: an exported class by its prototype, a module's own base by its source. */
  readonly typed: boolean;
}

/** Each class extending an Error declared in src/ (but for the base itself and cli's, the CLI's own). */
async function typedErrorClasses(): Promise<Map<string, ErrorClass>> {
  const classes = new Map<string, ErrorClass>();
  for (const file of errorSources()) {
    if (/^(cli|errors)[/\\]/.test(path.relative(path.join(REPO_ROOT, 'src'), file))) continue;
    const text = readFileSync(file, 'utf8');
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const pattern = /class (\w+) extends (\w+) \{\n(?: {2}override readonly name = '(\w+)';)?/g;
    for (const [, name, base, literal] of text.matchAll(pattern)) {
      const exported = module[name!];
      const typed =
        typeof exported === 'function'
          ? exported.prototype instanceof GoProfilerError
          : base === 'GoProfilerError' || classes.get(base!)?.typed === true;
      classes.set(name!, { file: path.relative(REPO_ROOT, file), literal, typed });
    }
  }
  return classes;
}

describe('the error status table', () => {
  it('has a class of that name for each row, and a row for each typed error that is an answer', async () => {
    const classes = await typedErrorClasses();
    const concrete = [...classes].filter(([, { literal }]) => literal !== undefined);
    assert.deepEqual(
      concrete.filter(([name, { literal }]) => literal !== name).map(([name]) => name),
      [],
      'each name literal is its class name',
    );
    assert.deepEqual(
      [...classes].filter(([, { typed }]) => !typed).map(([name, { file }]) => `${name} (${file})`),
      [],
      'every typed error extends GoProfilerError',
    );
    const names = concrete.map(([name]) => name).sort();
    assert.deepEqual(
      Object.keys(ERROR_STATUS).filter((name) => !names.includes(name)),
      [],
      'rows without a class',
    );
    assert.deepEqual(
      names.filter((name) => !Object.hasOwn(ERROR_STATUS, name)),
      NEVER_ANSWERS,
    );
  });

  it('is what the processor and the viewers answer with', () => {
    const errors = [
      new QueryOptionError('nodecount', 'not a number'),
      new SettingsFileError('read settings', 'settings.json', 'EACCES'),
      new QueryTimeoutError('top', 20_000),
      new InvalidSavedConfigError('name', 'is empty'),
    ];
    for (const error of errors) {
      const status = ERROR_STATUS[error.name];
      assert.equal(toErrorResponse(error).statusCode, status, error.name);
      assert.equal(errorResponseOf(error).statusCode, status, error.name);
    }
    assert.deepEqual(toErrorResponse(new QueryTimeoutError('top', 20_000)).headers, { 'retry-after': '20' });
    assert.equal(errorResponseOf(new QueryTimeoutError('top', 20_000)).retryAfterSeconds, 20);
  });
});

describe('errors rebuilt after crossing a worker thread', () => {
  const crossed = (error: Error) => deserializeError(structuredClone(serializeError(error)));

  it('answer as the error thrown did, body and Retry-After included', () => {
    const errors = [
      new QueryOptionError('tagfocus', 'bad range'),
      new QueryError('select sample type', 'inuse_space', 'not in this profile', { key: 'sampleIndex' }),
      new ViewerRequestError('s', 'search "("', 'missing closing )'),
      new GraphTooLargeError(80, 9000, 10_000, 40),
      new QueryTimeoutError('flame graph', 2500, true),
      new QueryWorkerError('it exited with code 1'),
      new SettingsFileError('write settings', 'settings.json', 'no space left'),
    ];
    for (const error of errors) {
      const rebuilt = crossed(error);
      assert.deepEqual(errorResponseOf(rebuilt), errorResponseOf(error), error.name);
      assert.equal(rebuilt instanceof GoProfilerError, true, error.name);
    }
    assert.deepEqual(errorResponseOf(crossed(new GraphTooLargeError(80, 9000, 10_000, 40))), {
      statusCode: 422,
      body: {
        error:
          'lay out graph: Graphviz took longer than 10 s for 80 nodes and 9000 edges; ask for fewer nodes, e.g. n=40',
        key: 'n',
        nodeCount: 80,
        edgeCount: 9000,
        timeLimitMs: 10_000,
        suggestedNodeCount: 40,
      },
    });
  });

  it('keep the status of every row, whatever their class', () => {
    for (const [name, status] of Object.entries(ERROR_STATUS)) {
      const rebuilt = deserializeError({ name, message: `do ${name}: failed`, fields: { retryAfterSeconds: 3 } });
      assert.deepEqual(
        errorAnswerOf(rebuilt),
        { status, message: `do ${name}: failed`, ...(status === 503 ? { retryAfterSeconds: 3 } : {}) },
        name,
      );
    }
  });

  it('leave an error of no row a plain Error, answered 500', () => {
    const rebuilt = deserializeError({ name: 'TypeError', message: 'x is not a function', fields: {} });
    assert.equal(rebuilt instanceof GoProfilerError, false);
    assert.deepEqual(errorResponseOf(rebuilt), { statusCode: 500, body: { error: 'x is not a function' } });
  });
});
