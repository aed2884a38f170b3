import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_QUERY_OPTIONS, QueryOptionError, parseQueryOptions, withOptions } from '../query/index.js';
import { applyConfigQuery, canonicalConfigQuery, configQueryOf, isConfigApplied } from './saved-config-query.js';

const options = (query: string) => parseQueryOptions(new URLSearchParams(query));

describe('saved config queries', () => {
  it('hold every refine option but the sample type and the diff base, defaults left out, in one order', () => {
    assert.equal(
      configQueryOf(options('si=alloc_space&base=profilers/x.prof&h=runtime&g=lines&f=main&sort=flat')),
      'g=lines&f=main&h=runtime',
    );
    assert.equal(
      canonicalConfigQuery('h=runtime&f=main&p=%5Emain%5C.a%24&tagroot=tenant'),
      configQueryOf(options('f=main&h=runtime&p=^main\\.a$&tagroot=tenant')),
    );
  });

  it('refuse parameters a config cannot hold and bad values, naming the parameter', () => {
    for (const [query, key] of [
      ['f=a&q=main', 'q'],
      ['zoom=main.a', 'zoom'],
      ['orient=flame', 'orient'],
      ['si=1', 'si'],
      ['base=profilers/x.prof', 'base'],
      ['g=bytes', 'g'],
    ]) {
      assert.throws(
        () => canonicalConfigQuery(query!),
        (error: unknown) => error instanceof QueryOptionError && error.key === key,
        query,
      );
    }
  });

  it('apply as pprof applies a config: its options set, the others back to defaults, sample type and base kept', () => {
    const current = options('si=alloc_space&base=profilers/x.prof&f=old&i=gone&g=lines');
    assert.deepEqual(
      applyConfigQuery(current, 'h=runtime&g=files'),
      withOptions(DEFAULT_QUERY_OPTIONS, {
        sampleIndex: 'alloc_space',
        base: 'profilers/x.prof',
        hide: 'runtime',
        granularity: 'files',
      }),
    );
    assert.equal(isConfigApplied(options('si=alloc_space&g=files&h=runtime'), 'h=runtime&g=files'), true);
    assert.equal(isConfigApplied(options('g=files&h=runtime&f=main'), 'h=runtime&g=files'), false);
    assert.equal(isConfigApplied(options('si=alloc_space'), ''), true, 'Default: nothing refined');
  });
});
