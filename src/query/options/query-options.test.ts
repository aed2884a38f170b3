import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_QUERY_OPTIONS, OPTION_FIELDS, OPTION_KEYS, URL_PARAMETERS } from './option-fields.js';
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

describe('the table of options', () => {
  it("names each option's URL parameter once, as pprof's web UI and ours do", () => {
    assert.deepEqual(URL_PARAMETERS, {
      sampleIndex: 'si',
      mean: 'mean',
      normalize: 'norm',
      granularity: 'g',
      sort: 'sort',
      nodeCount: 'n',
      nodeFraction: 'nf',
      edgeFraction: 'ef',
      trim: 'trim',
      focus: 'f',
      ignore: 'i',
      hide: 'h',
      show: 's',
      showFrom: 'sf',
      pruneFrom: 'prunefrom',
      tagFocus: 'tf',
      tagIgnore: 'ti',
      tagShow: 'ts',
      tagHide: 'th',
      tagRoot: 'tagroot',
      tagLeaf: 'tagleaf',
      relativePercentages: 'rel',
      unit: 'unit',
      callTree: 'calltree',
      dropNegative: 'dropneg',
      noInlines: 'noinlines',
      pivot: 'p',
      base: 'base',
    });
  });

  it('gives every option its default and pprof flag name from one row', () => {
    assert.equal(DEFAULT_QUERY_OPTIONS.nodeFraction, OPTION_FIELDS.nodeFraction.default);
    assert.equal(DEFAULT_QUERY_OPTIONS.nodeFraction, 0.005);
    assert.equal(DEFAULT_QUERY_OPTIONS.granularity, 'functions');
    assert.ok(Object.isFrozen(DEFAULT_QUERY_OPTIONS));
    const flagNames = OPTION_KEYS.flatMap((key) => OPTION_FIELDS[key].flag?.name ?? []);
    assert.deepEqual(flagNames, [
      'sample_index',
      'mean',
      'normalize',
      'granularity',
      'cum',
      'nodecount',
      'nodefraction',
      'edgefraction',
      'focus',
      'ignore',
      'hide',
      'show',
      'show_from',
      'prune_from',
      'tagfocus',
      'tagignore',
      'tagshow',
      'taghide',
      'tagroot',
      'tagleaf',
      'relative_percentages',
      'unit',
      'drop_negative',
      'noinlines',
    ]);
  });
});
