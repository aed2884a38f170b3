// The summary of a small heap capture, as /api/profile answers it: the shared input of the
// client's unit tests of the header and the details panel.

import type { ProfileSummary } from '../view-models.js';

export const HEAP_SUMMARY: ProfileSummary = {
  file: 'profilers/go/pprof/20261125064900/default.demo.Heap.prof',
  type: 'Heap',
  source: 'http://10.1.2.3:6060',
  capturedAt: '2026-11-25T06:49:00Z',
  sampleTypes: [
    { type: 'alloc_objects', unit: 'count' },
    { type: 'alloc_space', unit: 'bytes' },
    { type: 'inuse_objects', unit: 'count' },
    { type: 'inuse_space', unit: 'bytes' },
  ],
  defaultSampleIndex: 3,
  comments: ['built by go1.22'],
  details: {
    time: 'Nov 25, 2026 at 6:49am (UTC)',
    period: '512kB (space)',
    sampleCount: 42,
    totals: [{ type: 'inuse_space', unit: 'bytes', value: 1572864, text: '1.50MB' }],
  },
};
