import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configEntries, deleteQuestion, describeQuery, listingProblem, saveButtonText } from './config-menu-state.js';
import { DEFAULT_QUERY_OPTIONS, withOptions } from './query-options.js';

const listing = {
  configs: [
    { name: 'mine', query: 'f=main' },
    { name: 'broken', query: 'n=many' },
  ],
  scope: 'namespace team-a',
};

describe('the Config menu', () => {
  it('links Default and each config to the current view, marking the one the URL matches', () => {
    const options = withOptions(DEFAULT_QUERY_OPTIONS, { focus: 'main', sampleIndex: 'alloc_space' });
    assert.deepEqual(configEntries(listing, options), [
      {
        name: 'Default',
        change: { options: withOptions(options, { focus: '' }), zoom: '' },
        current: false,
        saved: false,
        title: '',
      },
      { name: 'mine', change: { options, zoom: '' }, current: true, saved: true, title: 'f=main' },
      {
        name: 'broken',
        change: { error: 'parse option n: "many" is not a number' },
        current: false,
        saved: true,
        title: 'n=many',
      },
    ]);
    assert.equal(configEntries({ configs: [] }, DEFAULT_QUERY_OPTIONS)[0]?.current, true);
  });

  it('says what a config holds, what saving does and what deleting loses', () => {
    assert.equal(describeQuery('f=main&h=runtime'), 'f=main  h=runtime');
    assert.equal(describeQuery(''), 'No refine options');
    assert.equal(saveButtonText(listing, ' mine '), 'Replace');
    assert.equal(saveButtonText(listing, 'other'), 'Save');
    assert.equal(
      deleteQuestion('mine', listing),
      'Delete the config “mine”? Every viewer sharing the configs of namespace team-a loses it.',
    );
    assert.equal(
      deleteQuestion('mine', { configs: [] }),
      'Delete the config “mine”? Every viewer sharing this settings file loses it.',
    );
    assert.equal(listingProblem({ configs: [], unavailable: 'no settings file' }), 'no settings file');
    assert.equal(listingProblem(new Error('load configs: HTTP 500')), 'load configs: HTTP 500');
    assert.equal(listingProblem(listing), undefined);
  });
});
