import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReplicaReportModel } from '../../view-models.js';
import { HEAP_SUMMARY } from '../heap-summary.test-data.js';
import { documentTitle } from '../shell-state.js';
import { parseLocation } from '../url-state.js';
import { replicaHref, replicaRowsOf, replicasViewHref } from './replicas-state.js';

const REPORT: ReplicaReportModel = {
  legend: ['Replicas: 2'],
  oddShareRatio: 2,
  replicas: [
    {
      name: 'web-c',
      total: 100,
      totalText: '100MB',
      distance: 0.7,
      distanceText: '70.00%',
      oddFunctionCount: 7,
      oddFunctions: [
        {
          name: 'main.leak',
          flat: 70,
          flatText: '70MB',
          share: 0.7,
          shareText: '70.00%',
          othersShare: 0,
          othersShareText: '0%',
        },
      ],
    },
    {
      name: 'web-a',
      total: 100,
      totalText: '100MB',
      distance: 0,
      distanceText: '0%',
      oddFunctionCount: 0,
      oddFunctions: [],
    },
  ],
};

describe('the Replicas view state', () => {
  it("draws the query's rows in its order, each linking to the replica's own viewer on the same options", () => {
    const { state, basePath } = parseLocation('/ui/replicas', '?si=alloc_space&q=leak');
    assert.deepEqual(replicaRowsOf(REPORT, state, basePath), [
      {
        name: 'web-c',
        href: '/ui/replica/web-c/?si=alloc_space',
        totalText: '100MB',
        distanceText: '70.00%',
        oddFunctions: ['main.leak 70MB: 70.00% here, 0% in the others'],
        moreText: 'and 6 more',
      },
      {
        name: 'web-a',
        href: '/ui/replica/web-a/?si=alloc_space',
        totalText: '100MB',
        distanceText: '0%',
        oddFunctions: [],
        moreText: '',
      },
    ]);
  });

  it("links a replica's pages back to the session's Replicas view", () => {
    const location = parseLocation('/replica/web-c/top', '?si=alloc_space');
    assert.equal(location.basePath, '/replica/web-c/');
    assert.equal(location.state.route, 'top');
    assert.equal(replicasViewHref(location.basePath, location.state), '/replicas?si=alloc_space');
    assert.equal(replicaHref(location.basePath, 'web-a', parseLocation('/', '').state), '/replica/web-a/');
    const ui = parseLocation('/ui/replica/web-c/', '');
    assert.deepEqual([ui.basePath, ui.state.route], ['/ui/replica/web-c/', '']);
    assert.equal(replicasViewHref(ui.basePath, ui.state), '/ui/replicas');
    // `/replicas` is the root's view, not a replica named "s".
    assert.deepEqual(
      [parseLocation('/replicas', '').basePath, parseLocation('/replicas', '').state.route],
      ['/', 'replicas'],
    );
  });

  it('titles the Replicas view and a replica’s pages', () => {
    const names = ['web-a', 'web-c'];
    const root = { ...HEAP_SUMMARY, replicas: { names } };
    assert.equal(
      documentTitle(root, parseLocation('/replicas', '').state),
      'Heap inuse_space · Replicas · go-profiler',
    );
    const replica = { ...HEAP_SUMMARY, replicas: { names, current: 'web-c' } };
    assert.equal(
      documentTitle(replica, parseLocation('/replica/web-c/top', '').state),
      'Heap inuse_space · Top · web-c · go-profiler',
    );
  });
});
