import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFixture } from '../../test/support/fixtures.js';
import type { QueryOptions } from '../query/index.js';
import type { FlameGraphVariant } from './flame-graph-variant.js';
import { InProcessQueryService } from './query-service.js';
import { startViewerServer } from './viewer-server.js';

/** A session of this thread that records the order of its flame graph builds' starts and ends. */
class RecordingService extends InProcessQueryService {
  readonly events: string[] = [];

  override async flameGraph(options: QueryOptions, zoom: readonly string[], variant?: FlameGraphVariant) {
    this.events.push('flame graph asked');
    const body = await super.flameGraph(options, zoom, variant);
    this.events.push('flame graph answered');
    return body;
  }
}

describe('the default view of a session answered in this thread', () => {
  it('is built before the viewer listens, so no build runs while the page asks for its HTML', async () => {
    const facts = { file: 'heap-medium.pb.gz', type: 'Heap', source: 'test', capturedAt: new Date(0) };
    const service = new RecordingService(loadFixture('heap-medium.pb.gz'), facts);
    const server = await startViewerServer({
      capture: { ...facts, service, rawBytes: new Uint8Array() },
      host: '127.0.0.1',
    });
    try {
      service.events.push('listening');
      const page = await fetch(`http://127.0.0.1:${server.port}/`);
      assert.equal(page.status, 200);
      service.events.push('HTML answered');
      assert.deepEqual(service.events, ['flame graph asked', 'flame graph answered', 'listening', 'HTML answered']);
    } finally {
      await server.close();
    }
  });
});
