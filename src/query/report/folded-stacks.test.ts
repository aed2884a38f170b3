import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profileFromCollapsed } from '../../pprof/index.js';
import { formatFoldedStacks } from './folded-stacks.js';
import { subtractBaseProfile } from '../merge/merge-profiles.js';
import { DEFAULT_QUERY_OPTIONS } from '../options/option-fields.js';
import { withOptions } from '../options/query-options.js';

const folded = (...args: Parameters<typeof formatFoldedStacks>) => [...formatFoldedStacks(...args)].join('');

describe('folded stacks', () => {
  it('gives back the collapsed stacks a profile was made from, equal stacks summed', () => {
    const profile = profileFromCollapsed('main;a;b 30\nmain;c 10\nmain;a;b 2\nmain 5');
    assert.equal(folded(profile, DEFAULT_QUERY_OPTIONS), 'main;a;b 32\nmain;c 10\nmain 5\n');
  });

  it('applies the filters and the sample type', () => {
    const profile = profileFromCollapsed('main;a;b 30 1\nmain;c 10 2\nmain;a;d 4 3', {
      sampleTypes: [
        { type: 'alloc_space', unit: 'bytes' },
        { type: 'alloc_objects', unit: 'count' },
      ],
    });
    const options = withOptions(DEFAULT_QUERY_OPTIONS, { focus: '^a$', hide: '^b$', sampleIndex: 'alloc_objects' });
    assert.equal(folded(profile, options), 'main;a 1\nmain;a;d 3\n');
  });

  it('keeps a diff signed and leaves out stacks that cancel', () => {
    const diff = subtractBaseProfile(
      profileFromCollapsed('main;a 10\nmain;b 5'),
      profileFromCollapsed('main;a 10\nmain;c 2'),
    );
    assert.equal(folded(diff, DEFAULT_QUERY_OPTIONS), 'main;b 5\nmain;c -2\n');
  });

  it('keeps every line whole when a name holds the separators', () => {
    const profile = profileFromCollapsed('main;x 1');
    const renamed = { ...profile, strings: profile.strings.map((s) => (s === 'x' ? 'odd;name\nhere' : s)) };
    assert.equal(folded(renamed, DEFAULT_QUERY_OPTIONS), 'main;odd_name_here 1\n');
  });
});
