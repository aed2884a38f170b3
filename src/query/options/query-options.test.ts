import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_QUERY_OPTIONS } from './option-fields.js';
import { QueryOptionError } from '../errors/query-option-error.js';
import { formatQueryOptions, parseQueryOptions } from './parse-query-options.js';
import { withOptions } from './query-options.js';

describe('query options in URLs', () => {
  it('round-trips pprof parameters and leaves defaults out', () => {
    const options = withOptions(DEFAULT_QUERY_OPTIONS, {
      sampleIndex: 'alloc_space',
      focus: 'main\\.sortKeys',
      granularity: 'lines',
      nodeCount: 20,
      mean: true,
      pivot: 'main.encodeJSON',
    });
    const params = formatQueryOptions(options);
    assert.equal(params.toString(), 'si=alloc_space&mean=true&g=lines&n=20&f=main%5C.sortKeys&p=main.encodeJSON');
    assert.deepEqual(parseQueryOptions(params), options);
    assert.equal(formatQueryOptions(DEFAULT_QUERY_OPTIONS).toString(), '');
  });

  it('names the parameter of a bad value', () => {
    assert.throws(
      () => parseQueryOptions(new URLSearchParams('g=bogus')),
      (e: Error) => e instanceof QueryOptionError && /option g/.test(e.message),
    );
    assert.throws(() => parseQueryOptions(new URLSearchParams('n=abc')), /option n: "abc" is not a number/);
  });
});
