import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profileFromCollapsed } from '../../../pprof/index.js';
import { buildFlameGraph, computeTop, DEFAULT_QUERY_OPTIONS, withOptions } from '../../../query/index.js';
import {
  applyPreset,
  applyRefine,
  applyTagRefine,
  exactNamesRegexp,
  quoteMeta,
  refineSubjectOf,
  toggleLabelGroup,
} from './apply-refine.js';

const base = withOptions(DEFAULT_QUERY_OPTIONS, {
  sampleIndex: 'alloc_space',
  focus: 'old',
  ignore: 'runtime',
  hide: 'fmt',
});

describe('applyRefine', () => {
  it('escapes and anchors names, one alternative each', () => {
    assert.equal(quoteMeta('main.(*T).f[...]'), 'main\\.\\(\\*T\\)\\.f\\[\\.\\.\\.\\]');
    assert.equal(exactNamesRegexp(['main.a', 'x|y', 'main.a']), '^main\\.a$|^x\\|y$');
  });

  it('replaces focus, show and show from, as pprof', () => {
    assert.equal(applyRefine(base, 'focus', ['main.a', 'main.b']).focus, '^main\\.a$|^main\\.b$');
    assert.equal(applyRefine(withOptions(base, { show: 's' }), 'show', ['main.a']).show, '^main\\.a$');
    assert.equal(applyRefine(withOptions(base, { showFrom: 's' }), 'show-from', ['main.a']).showFrom, '^main\\.a$');
    assert.equal(applyRefine(base, 'pivot', ['main.(*T).f']).pivot, '^main\\.\\(\\*T\\)\\.f$');
  });

  it('adds to ignore and hide, the new expression first', () => {
    assert.equal(applyRefine(base, 'ignore', ['main.a']).ignore, '^main\\.a$|runtime');
    assert.equal(applyRefine(base, 'hide', ['main.a', 'main.b']).hide, '^main\\.a$|^main\\.b$|fmt');
    assert.equal(applyRefine(DEFAULT_QUERY_OPTIONS, 'ignore', ['main.a']).ignore, '^main\\.a$');
  });

  it('resets every refine option but the sample type, and changes nothing without names', () => {
    const reset = applyRefine(withOptions(base, { tagFocus: 'a', granularity: 'lines', pivot: 'p' }), 'reset', []);
    assert.deepEqual(reset, withOptions(DEFAULT_QUERY_OPTIONS, { sampleIndex: 'alloc_space' }));
    assert.equal(applyRefine(base, 'focus', []), base);
  });

  it('matches exactly the chosen functions in the engine', () => {
    const profile = profileFromCollapsed('main.main;main.(*config).setupLeak;main.leak 7\nmain.main;main.other 3');
    const options = applyRefine(DEFAULT_QUERY_OPTIONS, 'focus', ['main.(*config).setupLeak']);
    const top = computeTop(profile, options);
    assert.deepEqual(
      top.rows.map((row) => [row.name, row.cum]),
      [
        ['main.leak', 7],
        ['main.(*config).setupLeak', 7],
        ['main.main', 7],
      ],
    );
    assert.ok(top.rows.some((row) => row.name === 'main.(*config).setupLeak'));
    assert.deepEqual(top.warnings, []);
    // Anchored: a function whose name merely contains the chosen one is not matched.
    const profileWithPrefix = profileFromCollapsed('main.main;main.work 10\nmain.mainLoop;main.x 5');
    const exact = buildFlameGraph(profileWithPrefix, applyRefine(DEFAULT_QUERY_OPTIONS, 'focus', ['main.main']));
    assert.equal(exact.total, 10);
    assert.equal(
      buildFlameGraph(profileWithPrefix, withOptions(DEFAULT_QUERY_OPTIONS, { focus: 'main.main' })).total,
      15,
    );
  });

  it('refines on the function of a finer-grained name', () => {
    assert.equal(refineSubjectOf('main.foo', 'functions'), 'main.foo');
    assert.equal(refineSubjectOf('main.foo /src/main.go:12', 'lines'), 'main.foo');
    assert.equal(refineSubjectOf('main.foo /src/main.go', 'filefunctions'), 'main.foo');
    assert.equal(refineSubjectOf('00000000004b2f10 main.foo /src/main.go:12', 'addresses'), 'main.foo');
    assert.equal(refineSubjectOf('/src/main.go', 'files'), '/src/main.go');
  });
});

describe('label and preset actions', () => {
  it('focuses and ignores label values, one key at a time, values of one key joined', () => {
    const one = applyTagRefine(DEFAULT_QUERY_OPTIONS, 'tag-focus', 'tenant', 'acme');
    assert.equal(one.tagFocus, 'tenant=^acme$');
    assert.equal(applyTagRefine(one, 'tag-focus', 'tenant', 'a.b,c').tagFocus, 'tenant=^acme$,^a\\.b\\x2cc$');
    assert.equal(applyTagRefine(one, 'tag-focus', 'route', '/x').tagFocus, 'route=^/x$');
    assert.equal(applyTagRefine(one, 'tag-focus', 'tenant', 'acme'), one);
    assert.equal(applyTagRefine(DEFAULT_QUERY_OPTIONS, 'tag-ignore', 'worker', 'cpu-0').tagIgnore, 'worker=^cpu-0$');
  });

  it('toggles group-by keys and applies the Go presets', () => {
    const grouped = toggleLabelGroup(toggleLabelGroup(DEFAULT_QUERY_OPTIONS, 'root', 'tenant'), 'root', 'worker');
    assert.equal(grouped.tagRoot, 'tenant,worker');
    assert.equal(toggleLabelGroup(grouped, 'root', 'tenant').tagRoot, 'worker');
    assert.equal(toggleLabelGroup(DEFAULT_QUERY_OPTIONS, 'leaf', 'route').tagLeaf, 'route');
    const hidden = applyPreset(base, 'hide-runtime', '^runtime\\.');
    assert.equal(hidden.hide, '^runtime\\.|fmt');
    assert.equal(applyPreset(hidden, 'hide-runtime', '^runtime\\.'), hidden);
    assert.equal(applyPreset(base, 'main-module', '^main\\.').show, '^main\\.');
  });
});
