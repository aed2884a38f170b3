// The worker thread that lays out call graphs: Graphviz (`dot`, compiled to WebAssembly by
// @viz-js/viz) turns DOT into SVG here, off the server's event loop, so a slow layout never stalls
// other requests and can be ended by terminating the thread. Started by graph-layout.ts.

import { parentPort } from 'node:worker_threads';
import { instance } from '@viz-js/viz';
import type { LayoutReply, LayoutRequest } from './graph-layout-messages.js';

const port = parentPort;
if (port === null) throw new Error('start graph layout worker: not running in a worker thread');

const viz = await instance();
port.on('message', (request: LayoutRequest) => {
  let reply: LayoutReply;
  try {
    const result = viz.render(request.dot, { format: 'svg', engine: 'dot' });
    reply =
      result.status === 'success'
        ? { id: request.id, svg: result.output }
        : { id: request.id, error: result.errors.map((error) => error.message.trim()).join('; ') };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
// Only now can jobs be timed fairly: compiling the WebAssembly is not part of any layout.
port.postMessage({ ready: true } satisfies LayoutReply);
