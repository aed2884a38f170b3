import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profileFromCollapsed } from '../pprof/index.js';
import { loadFixture } from '../../test/support/fixtures.js';
import { computeTop, DEFAULT_QUERY_OPTIONS, withOptions } from '../query/index.js';
import { GO_RUNTIME_HIDE, goPresets } from './go-presets.js';

describe('Go presets', () => {
  it("finds the main module's path from the profile's names and files", () => {
    const presets = goPresets(loadFixture('cpu-small.pb.gz'));
    assert.equal(presets.modulePath, 'gotarget');
    assert.equal(presets.mainModule, '^main\\.|^gotarget[./]');
  });

  it("shows only the main module's frames and hides the runtime's", () => {
    const profile = loadFixture('cpu-small.pb.gz');
    const shown = computeTop(profile, withOptions(DEFAULT_QUERY_OPTIONS, { show: goPresets(profile).mainModule }));
    assert.equal(shown.rows.length, 109);
    for (const row of shown.rows) assert.match(row.name, /^(main\.|gotarget\/)/);
    assert.ok(shown.rows.some((row) => row.name.startsWith('gotarget/internal/codec.')));
    const hidden = computeTop(profile, withOptions(DEFAULT_QUERY_OPTIONS, { hide: GO_RUNTIME_HIDE }));
    assert.ok(hidden.rows.every((row) => !/^runtime\./.test(row.name)));
    assert.ok(hidden.rows.some((row) => row.name === 'main.spinFor'));
  });

  it('offers no main-module regexp for a profile without a main package', () => {
    const presets = goPresets(profileFromCollapsed('runtime.goexit;net/http.(*conn).serve 5'));
    assert.deepEqual(presets, { hideRuntime: GO_RUNTIME_HIDE, mainModule: '', modulePath: '' });
  });
});
