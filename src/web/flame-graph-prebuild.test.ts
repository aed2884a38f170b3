import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { fixturePath, loadFixture } from '../../test/support/fixtures.js';
import { spreadHeapProfile } from '../../test/support/spread-profiles.js';
import { DEFAULT_QUERY_OPTIONS, withOptions } from '../query/index.js';
import { isFirstFlameView, prebuildFlameGraph } from './flame-graph-prebuild.js';
import { QueryPool } from './query-pool.js';
import { InProcessQueryService } from './query-service.js';
import { ViewerQueries } from './viewer-queries.js';

const capture = { file: 'goroutine-medium.pb.gz', type: 'Goroutine', source: 'test', capturedAt: new Date(0) };

describe('prebuildFlameGraph', () => {
  it('answers the first flame graph request without building it again, with the bytes a build sends', () => {
    const profile = loadFixture('goroutine-medium.pb.gz');
    const prebuilt = prebuildFlameGraph(profile);
    const queries = new ViewerQueries(profile, capture);
    queries.adoptFlameGraph(prebuilt.options, prebuilt.graphs);
    const first = queries.flameGraph(DEFAULT_QUERY_OPTIONS, []);
    // The very graph built ahead: no second build (a build makes a new graph every time).
    assert.equal(first.graph, prebuilt.graphs.rootFirst);
    const built = new ViewerQueries(profile, capture).flameGraph(DEFAULT_QUERY_OPTIONS, []);
    assert.notEqual(built.graph, prebuilt.graphs.rootFirst);
    assert.deepEqual(first.body, built.body);
  });

  it('is only the default view: other options, a zoom or the leaf-first variant are built as before', () => {
    const profile = loadFixture('goroutine-medium.pb.gz');
    const prebuilt = prebuildFlameGraph(profile);
    const queries = new ViewerQueries(profile, capture);
    queries.adoptFlameGraph(prebuilt.options, prebuilt.graphs);
    const fresh = new ViewerQueries(profile, capture);
    const leafFirst = queries.flameGraph(DEFAULT_QUERY_OPTIONS, [], { leafFirst: true });
    assert.notEqual(leafFirst.graph, prebuilt.graphs.rootFirst);
    assert.deepEqual(leafFirst.body, fresh.flameGraph(DEFAULT_QUERY_OPTIONS, [], { leafFirst: true }).body);
  });

  it('on a profile that opens leaf first, holds both graphs: the default request and leaf=0 build nothing', () => {
    const profile = spreadHeapProfile();
    const prebuilt = prebuildFlameGraph(profile);
    assert.equal(prebuilt.graphs.leafFirstReason, '96% of in-use space is in call stacks under 0.01% each');
    const queries = new ViewerQueries(profile, capture);
    queries.adoptFlameGraph(prebuilt.options, prebuilt.graphs);
    const opened = queries.flameGraph(DEFAULT_QUERY_OPTIONS, []);
    assert.equal(opened.graph, prebuilt.graphs.leafFirst);
    assert.equal(opened.info.leafFirst, true);
    assert.equal(opened.info.defaultLeafFirst, prebuilt.graphs.leafFirstReason);
    assert.equal(queries.flameGraph(DEFAULT_QUERY_OPTIONS, [], { leafFirst: true }).graph, prebuilt.graphs.leafFirst);
    const rootFirst = queries.flameGraph(DEFAULT_QUERY_OPTIONS, [], { leafFirst: false });
    assert.equal(rootFirst.graph, prebuilt.graphs.rootFirst);
    assert.equal(rootFirst.info.leafFirst, undefined);
    assert.equal(rootFirst.info.defaultLeafFirst, prebuilt.graphs.leafFirstReason);
  });

  it('names as the first view (whose answer the processor keeps for the page) only what the page asks as it opens', () => {
    assert.equal(isFirstFlameView(DEFAULT_QUERY_OPTIONS, []), true);
    assert.equal(isFirstFlameView(DEFAULT_QUERY_OPTIONS, [], {}), true);
    // On heap-large the first view is leaf first: an explicit leaf=0 (or leaf=1) is not that answer.
    assert.equal(isFirstFlameView(DEFAULT_QUERY_OPTIONS, [], { leafFirst: false }), false);
    assert.equal(isFirstFlameView(DEFAULT_QUERY_OPTIONS, [], { leafFirst: true }), false);
    assert.equal(isFirstFlameView(DEFAULT_QUERY_OPTIONS, [], { allDetail: true }), false);
    assert.equal(isFirstFlameView(DEFAULT_QUERY_OPTIONS, ['main.main']), false);
    assert.equal(isFirstFlameView(withOptions(DEFAULT_QUERY_OPTIONS, { focus: 'main' }), []), false);
  });

  describe('in the query pool', () => {
    const pool = new QueryPool({ workerCount: 1 });
    after(() => pool.close());

    it('sends a session opened from its raw bytes the default flame graph a session of this thread sends', async () => {
      const rawBytes = new Uint8Array(readFileSync(fixturePath('goroutine-medium.pb.gz')));
      const opened = await pool.open(rawBytes);
      const service = opened.serve(capture);
      try {
        const inProcess = new InProcessQueryService(loadFixture('goroutine-medium.pb.gz'), capture);
        assert.deepEqual(
          await service.flameGraph(DEFAULT_QUERY_OPTIONS, []),
          await inProcess.flameGraph(DEFAULT_QUERY_OPTIONS, []),
        );
      } finally {
        await service.close();
      }
    });
  });
});
