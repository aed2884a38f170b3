import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { fixturePath, loadFixture } from '../../test/support/fixtures.js';
import { DEFAULT_QUERY_OPTIONS } from '../query/index.js';
import { prebuildFlameGraph } from './flame-graph-prebuild.js';
import { QueryPool } from './query-pool.js';
import { InProcessQueryService } from './query-service.js';
import { ViewerQueries } from './viewer-queries.js';

const capture = { file: 'goroutine-medium.pb.gz', type: 'Goroutine', source: 'test', capturedAt: new Date(0) };

describe('prebuildFlameGraph', () => {
  it('answers the first flame graph request without building it again, with the bytes a build sends', () => {
    const profile = loadFixture('goroutine-medium.pb.gz');
    const prebuilt = prebuildFlameGraph(profile);
    const queries = new ViewerQueries(profile, capture);
    queries.adoptFlameGraph(prebuilt.options, prebuilt.graph);
    const first = queries.flameGraph(DEFAULT_QUERY_OPTIONS, []);
    // The very graph built ahead: no second build (a build makes a new graph every time).
    assert.equal(first.graph, prebuilt.graph);
    const built = new ViewerQueries(profile, capture).flameGraph(DEFAULT_QUERY_OPTIONS, []);
    assert.notEqual(built.graph, prebuilt.graph);
    assert.deepEqual(first.body, built.body);
  });

  it('is only the default view: other options, a zoom or the leaf-first variant are built as before', () => {
    const profile = loadFixture('goroutine-medium.pb.gz');
    const prebuilt = prebuildFlameGraph(profile);
    const queries = new ViewerQueries(profile, capture);
    queries.adoptFlameGraph(prebuilt.options, prebuilt.graph);
    const fresh = new ViewerQueries(profile, capture);
    const leafFirst = queries.flameGraph(DEFAULT_QUERY_OPTIONS, [], { leafFirst: true });
    assert.notEqual(leafFirst.graph, prebuilt.graph);
    assert.deepEqual(leafFirst.body, fresh.flameGraph(DEFAULT_QUERY_OPTIONS, [], { leafFirst: true }).body);
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
