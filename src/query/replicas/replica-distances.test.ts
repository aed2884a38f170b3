import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profileFromCollapsed } from '../../pprof/index.js';
import { DEFAULT_QUERY_OPTIONS } from '../options/option-fields.js';
import { withOptions } from '../options/query-options.js';
import { computeTop } from '../report/top-report.js';
import { compareReplicas, rankReplicas } from './replica-distances.js';

const MB = 1024 * 1024;

/** A heap-like profile: `inuse_objects` then `inuse_space` (the default, as last); values in MB (objects = MB). */
function heap(lines: Record<string, number>) {
  const text = Object.entries(lines)
    .map(([stack, mb]) => `${stack} ${mb} ${mb * MB}`)
    .join('\n');
  return profileFromCollapsed(text, {
    sampleTypes: [
      { type: 'inuse_objects', unit: 'count' },
      { type: 'inuse_space', unit: 'bytes' },
    ],
  });
}

// By construction: web-c spends 70% in main.leak, which the others never call; web-b's main.gc is
// 40% of it against 40/200 = 20% in the others (exactly twice: odd); web-a has no function at
// twice its share in the others (main.gc: 40% against 80/300).
const REPLICAS = [
  { name: 'web-a', profile: heap({ 'main;main.serve': 60, 'main;main.gc': 40 }) },
  { name: 'web-b', profile: heap({ 'main;main.serve': 120, 'main;main.gc': 80 }) },
  { name: 'web-c', profile: heap({ 'main;main.serve': 30, 'main;main.leak': 70 }) },
];

describe('compareReplicas', () => {
  it('ranks the odd replica first, with its distance, total and odd functions', () => {
    const report = compareReplicas(REPLICAS, DEFAULT_QUERY_OPTIONS);
    assert.equal(report.oddShareRatio, 2);
    assert.deepEqual(report.legend, [
      'Replicas: 3',
      "Distance: the share of a replica's total in functions at least 2× their share in the other replicas",
    ]);
    assert.deepEqual(
      report.replicas.map((r) => [r.name, r.distance, r.distanceText, r.total, r.totalText, r.oddFunctionCount]),
      [
        ['web-c', 0.7, '70.00%', 100 * MB, '100MB', 1],
        ['web-b', 0.4, '40.00%', 200 * MB, '200MB', 1],
        ['web-a', 0, '0%', 100 * MB, '100MB', 0],
      ],
    );
    assert.deepEqual(report.replicas[0]!.oddFunctions, [
      {
        name: 'main.leak',
        flat: 70 * MB,
        flatText: '70MB',
        share: 0.7,
        shareText: '70.00%',
        othersShare: 0,
        othersShareText: '0%',
      },
    ]);
    assert.deepEqual(report.replicas[1]!.oddFunctions, [
      {
        name: 'main.gc',
        flat: 80 * MB,
        flatText: '80MB',
        share: 0.4,
        shareText: '40.00%',
        othersShare: 0.2,
        othersShareText: '20.00%',
      },
    ]);
  });

  it('follows the sample index and the filters of the options', () => {
    const objects = compareReplicas(REPLICAS, withOptions(DEFAULT_QUERY_OPTIONS, { sampleIndex: 'inuse_objects' }));
    assert.deepEqual(
      objects.replicas.map((r) => [r.name, r.distance, r.totalText]),
      [
        ['web-c', 0.7, '100'],
        ['web-b', 0.4, '200'],
        ['web-a', 0, '100'],
      ],
    );
    // Shares are of Top's total, which a filter leaves whole (as pprof -top -ignore prints it): without
    // main.leak, web-c's main.serve is 30% of its 100MB against 60% in the others.
    const ignored = compareReplicas(REPLICAS, withOptions(DEFAULT_QUERY_OPTIONS, { ignore: 'leak' }));
    assert.deepEqual(
      ignored.replicas.map((r) => [r.name, r.distanceText, r.totalText]),
      [
        ['web-b', '40.00%', '200MB'],
        ['web-a', '0%', '100MB'],
        ['web-c', '0%', '100MB'],
      ],
    );
  });

  it('lists the five largest odd functions and counts them all', () => {
    const odd = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`main;main.f${i}`, i + 1]));
    const report = compareReplicas(
      [
        { name: 'x', profile: heap({ 'main;main.serve': 100, ...odd }) },
        { name: 'y', profile: heap({ 'main;main.serve': 100 }) },
      ],
      DEFAULT_QUERY_OPTIONS,
    );
    const x = report.replicas[0]!;
    assert.equal(x.name, 'x');
    assert.equal(x.oddFunctionCount, 7);
    assert.deepEqual(
      x.oddFunctions.map((f) => f.name),
      ['main.f6', 'main.f5', 'main.f4', 'main.f3', 'main.f2'],
    );
    assert.equal(x.distance, 28 / 128);
    // y's main.serve is 100% against 100/128 in x: less than twice.
    assert.equal(report.replicas[1]!.distance, 0);
  });

  it("shows totals and values in the unit of the Top the options show, not the untrimmed one's", () => {
    const header = {
      sampleTypes: [
        { type: 'inuse_objects', unit: 'count' },
        { type: 'inuse_space', unit: 'bytes' },
      ],
    };
    const withTiny = profileFromCollapsed(`main;main.serve 1 ${100 * MB}\nmain;main.tiny 1 16`, header);
    const report = compareReplicas(
      [
        { name: 'tiny', profile: withTiny },
        { name: 'plain', profile: heap({ 'main;main.serve': 100 }) },
      ],
      DEFAULT_QUERY_OPTIONS,
    );
    // In MB, as pprof -top -unit=MB prints it, main.tiny is "0". Untrimmed, pprof -top -trim=false picks kB for main.tiny's 16 bytes: "102400.02kB total".
    assert.equal(computeTop(withTiny, withOptions(DEFAULT_QUERY_OPTIONS, { trim: false })).totalText, '102400.02kB');
    assert.equal(computeTop(withTiny, DEFAULT_QUERY_OPTIONS).totalText, '100MB');
    const tiny = report.replicas[0]!;
    assert.deepEqual(
      [tiny.name, tiny.totalText, tiny.oddFunctions.map((f) => [f.name, f.flatText, f.shareText])],
      ['tiny', '100MB', [['main.tiny', '0', '1.5e-05%']]],
    );
  });

  it('breaks ties by name, and gives a single replica no distance', () => {
    const same = heap({ 'main;main.serve': 10 });
    assert.deepEqual(
      compareReplicas(
        [
          { name: 'b', profile: same },
          { name: 'a', profile: same },
        ],
        DEFAULT_QUERY_OPTIONS,
      ).replicas.map((r) => [r.name, r.distance]),
      [
        ['a', 0],
        ['b', 0],
      ],
    );
    assert.deepEqual(
      rankReplicas([{ name: 'only', total: 5, totalText: '5', rows: [{ name: 'f', flat: 5, flatText: '5' }] }])
        .replicas,
      [
        {
          name: 'only',
          total: 5,
          totalText: '5',
          distance: 0,
          distanceText: '0%',
          oddFunctionCount: 0,
          oddFunctions: [],
        },
      ],
    );
  });
});
