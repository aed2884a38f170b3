import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profileHref, profileOptionLabel, profileOptions } from './profile-switch-state.js';

describe('profile switcher', () => {
  it('goes to the profile as it was last left in this tab, else the same view on its defaults', () => {
    assert.equal(profileHref('heap', '/profile/cpu/', 'top', null), '/profile/heap/top');
    assert.equal(profileHref('heap', '/', '', null), '/profile/heap/');
    assert.equal(profileHref('heap', '/ui/profile/cpu/', 'graph', null), '/ui/profile/heap/graph');
    assert.equal(
      profileHref('heap', '/profile/cpu/', 'top', '/profile/heap/flamegraph?si=alloc_space'),
      '/profile/heap/flamegraph?si=alloc_space',
    );
    // Another session's (or another prefix's) page is not this profile's.
    assert.equal(
      profileHref('heap', '/ui/profile/cpu/', 'top', '/profile/heap/flamegraph?si=x'),
      '/ui/profile/heap/top',
    );
    assert.equal(profileHref('mutex', '/profile/cpu/', 'replicas', null), '/profile/mutex/');
  });

  it('labels a delta with its window', () => {
    assert.equal(profileOptionLabel('heap', undefined), 'heap');
    assert.equal(profileOptionLabel('allocs', { seconds: 30, method: 'go' }), 'allocs · during 30 s');
    assert.deepEqual(
      profileOptions({
        names: ['cpu', 'block'],
        current: 'cpu',
        entries: [
          { name: 'cpu', type: 'Profile' },
          { name: 'block', type: 'Block', window: { seconds: 2, method: 'subtracted' } },
        ],
      }),
      [
        { name: 'cpu', label: 'cpu' },
        { name: 'block', label: 'block · during 2 s' },
      ],
    );
  });
});
