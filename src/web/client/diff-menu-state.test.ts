import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STOP_DIFFING, baseItems, describeBase, diffBanner, formatUtcTime } from './diff-menu-state.js';
import { DEFAULT_QUERY_OPTIONS, withOptions } from './query-options.js';

describe('the Diff menu', () => {
  const bases = [
    {
      file: 'profilers/go/pprof/2/a.prof',
      capturedAt: '2026-11-25T06:00:00Z',
      sampleCount: 12,
      diagnosis: 'ns/d1',
      pod: 'ns/p1',
    },
    { file: 'profilers/go/pprof/1/b.prof', capturedAt: '2026-11-24T06:00:00.500Z', sampleCount: 3, diagnosis: 'ns/d2' },
  ];

  it('offers No diff and every other capture, the base in use checked', () => {
    const options = withOptions(DEFAULT_QUERY_OPTIONS, { base: 'profilers/go/pprof/1/b.prof', normalize: true });
    assert.deepEqual(baseItems(bases, options), [
      {
        text: 'No diff',
        base: '',
        checked: false,
        href: { options: { base: '' } },
        click: { options: { base: '', normalize: false } },
      },
      {
        text: '2026-11-25 06:00:00 UTC · ns/p1 · 12 samples',
        base: 'profilers/go/pprof/2/a.prof',
        checked: false,
        href: { options: { base: 'profilers/go/pprof/2/a.prof' } },
        click: { options: { base: 'profilers/go/pprof/2/a.prof' } },
      },
      {
        text: '2026-11-24 06:00:00 UTC · ns/d2 · 3 samples',
        base: 'profilers/go/pprof/1/b.prof',
        checked: true,
        href: { options: { base: 'profilers/go/pprof/1/b.prof' } },
        click: { options: { base: 'profilers/go/pprof/1/b.prof' } },
      },
    ]);
    assert.deepEqual(baseItems([], options), []);
    assert.equal(describeBase(bases[1]!), '2026-11-24 06:00:00 UTC · ns/d2 · 3 samples');
    assert.equal(formatUtcTime('yesterday'), 'yesterday');
  });

  it('says what is compared while diffing, the base by its time when it is listed', () => {
    const options = withOptions(DEFAULT_QUERY_OPTIONS, { base: 'profilers/go/pprof/2/a.prof' });
    assert.deepEqual(diffBanner('2026-11-26T06:00:00Z', bases, options), {
      captured: '2026-11-26 06:00:00 UTC',
      base: '2026-11-25 06:00:00 UTC',
      normalized: false,
    });
    assert.deepEqual(diffBanner('2026-11-26T06:00:00Z', [], withOptions(options, { normalize: true })), {
      captured: '2026-11-26 06:00:00 UTC',
      base: 'profilers/go/pprof/2/a.prof',
      normalized: true,
    });
    assert.equal(diffBanner('2026-11-26T06:00:00Z', bases, DEFAULT_QUERY_OPTIONS), undefined);
    assert.deepEqual(STOP_DIFFING, { options: { base: '', normalize: false } });
  });
});
