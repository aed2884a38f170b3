// The worker thread that lays out call graphs: Graphviz (`dot`, compiled to WebAssembly by
// @viz-js/viz) turns DOT into SVG here, off the server's event loop, so a slow layout never stalls
// other requests and can be ended by terminating the thread. Dense graphs take two stages
// (graph-layout-plan.ts). Started by graph-layout.ts.

import { parentPort } from 'node:worker_threads';
import { instance, type RenderResult, type Viz } from '@viz-js/viz';
import type { LayoutReply, LayoutRequest } from './graph-layout-messages.js';
import { REST_GRAPH_ATTRIBUTES, planTwoStageLayout, withRestEdges } from './graph-layout-plan.js';

const port = parentPort;
if (port === null) throw new Error('start graph layout worker: not running in a worker thread');

function errorsOf(result: RenderResult): string {
  return result.errors.map((error) => error.message.trim()).join('; ');
}

/** The SVG of `dot`, or Graphviz's errors. */
function layOut(viz: Viz, dot: string): { svg: string } | { error: string } {
  const plan = planTwoStageLayout(dot);
  if (plan === undefined) {
    const whole = viz.render(dot, { format: 'svg', engine: 'dot' });
    return whole.status === 'success' ? { svg: whole.output } : { error: errorsOf(whole) };
  }
  const skeleton = viz.render(plan.skeleton, { format: 'dot', engine: 'dot' });
  if (skeleton.status !== 'success') return { error: errorsOf(skeleton) };
  const drawn = viz.render(withRestEdges(skeleton.output, plan.rest), {
    format: 'svg',
    engine: 'nop2',
    graphAttributes: REST_GRAPH_ATTRIBUTES,
  });
  return drawn.status === 'success' ? { svg: drawn.output } : { error: errorsOf(drawn) };
}

const viz = await instance();
port.on('message', (request: LayoutRequest) => {
  let reply: LayoutReply;
  try {
    reply = { id: request.id, ...layOut(viz, request.dot) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
// Only now can jobs be timed fairly: compiling the WebAssembly is not part of any layout.
port.postMessage({ ready: true } satisfies LayoutReply);
