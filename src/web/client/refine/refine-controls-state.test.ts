import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_QUERY_OPTIONS, withOptions } from '../query-options.js';
import {
  isGroupedBy,
  labelGroupChange,
  presetItems,
  refineButtonTitle,
  refineTargetOf,
  tagActionsOf,
  tagChange,
} from './refine-controls-state.js';

const options = withOptions(DEFAULT_QUERY_OPTIONS, { tagRoot: 'tenant,route' });

describe('refine controls', () => {
  it('refine the selection first, else the search, else nothing', () => {
    assert.deepEqual(refineTargetOf(['main.a'], 'enc'), { names: ['main.a'] });
    assert.deepEqual(refineTargetOf([], 'enc'), { regexp: 'enc' });
    assert.equal(refineTargetOf([], ''), undefined);
    assert.equal(
      refineButtonTitle(undefined),
      'Select functions (Top rows, a flame graph frame) or type a search to refine on them',
    );
  });

  it('group by a label key or stop, dropping the zoom of frames that change', () => {
    assert.equal(isGroupedBy(options, 'root', 'route'), true);
    assert.equal(isGroupedBy(options, 'leaf', 'route'), false);
    assert.deepEqual(labelGroupChange(options, 'root', 'tenant'), {
      options: withOptions(options, { tagRoot: 'route' }),
      zoom: '',
    });
    assert.deepEqual(labelGroupChange(options, 'leaf', 'worker'), {
      options: withOptions(options, { tagLeaf: 'worker' }),
      zoom: '',
    });
  });

  it('offer focus and ignore on string label values only', () => {
    assert.deepEqual(tagActionsOf({ key: 'bytes', numeric: true, values: [] }), []);
    assert.deepEqual(tagActionsOf({ key: 'tenant', numeric: false, values: [] }), [
      ['tag-focus', 'Focus'],
      ['tag-ignore', 'Ignore'],
    ]);
    assert.deepEqual(tagChange(options, 'tag-focus', 'tenant', 'a,b'), {
      options: withOptions(options, { tagFocus: 'tenant=^a\\x2cb$' }),
      zoom: '',
    });
  });

  it('offer the Go presets, the main module only when there is a main package', () => {
    const presets = {
      hideRuntime: '^runtime\\.',
      mainModule: '^main\\.|^example\\.com/app',
      modulePath: 'example.com/app',
    };
    assert.deepEqual(presetItems(presets, options), [
      {
        id: 'preset-hide-runtime',
        text: 'Hide runtime and GC frames',
        detail: 'hide ^runtime\\.',
        change: { options: withOptions(options, { hide: '^runtime\\.' }) },
      },
      {
        id: 'preset-main-module',
        text: "Only the main module's frames (package main and module example.com/app)",
        detail: 'show ^main\\.|^example\\.com/app',
        change: { options: withOptions(options, { show: '^main\\.|^example\\.com/app' }) },
      },
    ]);
    const noMain = presetItems({ hideRuntime: '^runtime\\.', mainModule: '', modulePath: '' }, options)[1];
    assert.deepEqual(noMain, {
      id: 'preset-main-module',
      text: "Only the main module's frames (package main)",
      detail: 'no main package in this profile',
      change: undefined,
    });
  });
});
