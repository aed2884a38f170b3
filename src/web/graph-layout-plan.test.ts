import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DENSE_GRAPH_EDGES,
  SKELETON_EDGES,
  SKELETON_GRAPH_ATTRIBUTES,
  planTwoStageLayout,
  withRestEdges,
} from './graph-layout-plan.js';

/** A DOT as formatDot writes it: `nodes` nodes, then `edges` edges heaviest first (N1→N2, N1→N3, …). */
function dotOf(nodes: number, edges: number): { dot: string; edgeLines: string[] } {
  const edgeLines: string[] = [];
  for (let source = 1; edgeLines.length < edges; source++) {
    for (let target = source + 1; target <= nodes && edgeLines.length < edges; target++) {
      edgeLines.push(`N${source} -> N${target} [label=" ${edges - edgeLines.length}s" style="dotted"]`);
    }
  }
  const nodeLines = Array.from({ length: nodes }, (_, i) => `N${i + 1} [label="f${i + 1}" id="node${i + 1}"]`);
  const dot = ['digraph "x" {', 'node [style=filled fillcolor="#f8f8f8"]', ...nodeLines, ...edgeLines, '}', ''].join(
    '\n',
  );
  return { dot, edgeLines };
}

const edgesIn = (dot: string) => dot.split('\n').filter((line) => / -> /.test(line));

describe('the two-stage layout plan', () => {
  it('leaves a graph of up to DENSE_GRAPH_EDGES edges to dot whole', () => {
    assert.equal(planTwoStageLayout(dotOf(40, DENSE_GRAPH_EDGES).dot), undefined);
  });

  it("sends dot a skeleton carrying the tuned attributes, with every node's heaviest edges in and out", () => {
    const { dot, edgeLines } = dotOf(80, 2000);
    const plan = planTwoStageLayout(dot)!;
    const lines = plan.skeleton.split('\n');
    assert.deepEqual(lines.slice(0, 3), [
      'digraph "x" {',
      'graph [mclimit=0.5 nslimit=5 nslimit1=5 remincross=false]',
      'node [style=filled fillcolor="#f8f8f8"]',
    ]);
    assert.equal(lines[1], SKELETON_GRAPH_ATTRIBUTES);
    assert.equal(lines.filter((line) => /^N\d+ \[/.test(line)).length, 80, 'every node');
    const skeleton = edgesIn(plan.skeleton);
    // N1 reaches every other node first (the heaviest 79 edges); N2..N32 have edges out (2000 edges
    // run out within N32's), each keeps its heaviest (N2→N3, N3→N4, …); the heaviest others fill up.
    assert.equal(skeleton.length, SKELETON_EDGES);
    assert.deepEqual(skeleton.slice(0, 80), edgeLines.slice(0, 80));
    for (let source = 2; source <= 32; source++)
      assert.ok(skeleton.includes(edgeLines.find((line) => line.startsWith(`N${source} -> `))!), `N${source}`);
    assert.equal(edgeLines.filter((line) => line.startsWith('N33 -> ')).length, 0);
    assert.deepEqual([...skeleton, ...plan.rest].sort(), [...edgeLines].sort(), 'every edge in one stage');
  });

  it("adds the left-out edges to dot's laid-out skeleton for nop2", () => {
    const laidOut = 'digraph "x" {\n\tgraph [bb="0,0,10,10"];\n\tN1 [pos="5,5"];\n}\n';
    assert.equal(
      withRestEdges(laidOut, ['N1 -> N2 [label=" 1s"]', 'N2 -> N1 [label=" 2s"]']),
      'digraph "x" {\n\tgraph [bb="0,0,10,10"];\n\tN1 [pos="5,5"];\nN1 -> N2 [label=" 1s"]\nN2 -> N1 [label=" 2s"]\n}\n',
    );
  });
});
