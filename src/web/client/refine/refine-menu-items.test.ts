import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_QUERY_OPTIONS, withOptions } from '../query-options.js';
import { parseLocation } from '../url-state.js';
import { describeTarget, menuKeyStep, refineChange } from './refine-menu-items.js';

const top = parseLocation('/top', '?si=alloc_space&i=runtime').state;
const lines = parseLocation('/top', '?g=lines').state;

describe('refine menu items', () => {
  it('name their target: a function, a count of selected ones, or the regexp', () => {
    assert.equal(describeTarget({ names: ['main.(*T).run'] }), 'main.(*T).run');
    assert.equal(describeTarget({ names: ['a', 'b', 'c'] }), '3 selected functions');
    assert.equal(describeTarget({ regexp: 'enc.*' }), 'matching enc.*');
  });

  it('focus, ignore and hide in place, on the function of a finer-grained name', () => {
    assert.deepEqual(refineChange(top, 'focus', { names: ['main.(*T).run', 'main.b'] }), {
      options: withOptions(top.options, { focus: '^main\\.\\(\\*T\\)\\.run$|^main\\.b$' }),
    });
    assert.deepEqual(refineChange(top, 'ignore', { regexp: 'gc' }), {
      options: withOptions(top.options, { ignore: 'gc|runtime' }),
    });
    assert.deepEqual(refineChange(lines, 'hide', { names: ['main.foo main.go:12'] }), {
      options: withOptions(lines.options, { hide: '^main\\.foo$' }),
    });
  });

  it('pivot on the flame graph (in place there and in the sandwich), with the shown names', () => {
    assert.deepEqual(refineChange(lines, 'pivot', { names: ['main.foo main.go:12'] }), {
      route: 'flamegraph',
      options: withOptions(lines.options, { pivot: '^main\\.foo main\\.go:12$' }),
      zoom: '',
    });
    const sandwich = { ...top, route: 'sandwich' as const };
    assert.deepEqual(refineChange(sandwich, 'pivot', { names: ['main.a'] }), {
      options: withOptions(top.options, { pivot: '^main\\.a$' }),
      zoom: '',
    });
    assert.deepEqual(refineChange(top, 'sandwich', { names: ['main.a'] }), {
      route: 'sandwich',
      options: { pivot: '^main\\.a$' },
    });
  });

  it('peek and list the source of what they match, focused; reset keeps the sample type', () => {
    assert.deepEqual(refineChange(lines, 'peek', { names: ['main.foo main.go:12'] }), {
      route: 'peek',
      options: { focus: '(^| )main\\.foo( |$)' },
    });
    assert.deepEqual(refineChange(top, 'source', { regexp: 'enc' }), { route: 'source', options: { focus: 'enc' } });
    assert.deepEqual(refineChange(top, 'reset', { names: ['main.a'] }), {
      options: withOptions(DEFAULT_QUERY_OPTIONS, { sampleIndex: 'alloc_space' }),
    });
  });

  it('move the focus with the arrows, round the ends; Escape and Tab close, Space chooses', () => {
    assert.deepEqual(menuKeyStep('ArrowDown', -1, 10), { kind: 'focus', index: 0 });
    assert.deepEqual(menuKeyStep('ArrowDown', 9, 10), { kind: 'focus', index: 0 });
    assert.deepEqual(menuKeyStep('ArrowUp', 0, 10), { kind: 'focus', index: 9 });
    assert.deepEqual(menuKeyStep('Home', 5, 10), { kind: 'focus', index: 0 });
    assert.deepEqual(menuKeyStep('End', 5, 10), { kind: 'focus', index: 9 });
    assert.deepEqual(menuKeyStep('Escape', 5, 10), { kind: 'close', preventDefault: true });
    assert.deepEqual(menuKeyStep('Tab', 5, 10), { kind: 'close', preventDefault: false });
    assert.deepEqual(menuKeyStep(' ', 5, 10), { kind: 'activate' });
    assert.deepEqual(menuKeyStep('x', 5, 10), { kind: 'none' });
  });
});
