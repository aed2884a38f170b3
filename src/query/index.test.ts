// The layer's surface is pure: index.ts bundles for the browser (esbuild refuses node: modules on
// that platform) with only the portable part of pprof, and no module of the layer imports itself
// back through another (type imports included).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const QUERY_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(QUERY_DIR, '../..');

/** Whether a module has code at run time (not only interfaces and types, which bundles leave out). */
function hasRuntimeExports(file: string): boolean {
  return /^export (?:async )?(?:function|const|class|let)|^export \{|^export \*/m.test(
    readFileSync(path.join(QUERY_DIR, file), 'utf8'),
  );
}

/** Every module of the layer (tests aside), relative to src/query. */
function layerModules(): string[] {
  return readdirSync(QUERY_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .sort();
}

/** Each module's imports of other modules of the layer (`import type` included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of layerModules()) {
    const text = readFileSync(path.join(QUERY_DIR, file), 'utf8');
    const targets = [...text.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)]
      .map((match) => path.relative(QUERY_DIR, path.resolve(QUERY_DIR, path.dirname(file), `${match[1]}.ts`)))
      .filter((target) => !target.startsWith('..'));
    graph.set(file, targets);
  }
  return graph;
}

/** The cycles of a graph, each as the path that closes it (depth-first search). */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: string, trail: string[]) => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'visiting') {
      cycles.push([...trail.slice(trail.indexOf(node)), node]);
      return;
    }
    state.set(node, 'visiting');
    for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
    state.set(node, 'done');
  };
  for (const node of graph.keys()) visit(node, []);
  return cycles;
}

describe("the query layer's surface", () => {
  it('bundles for the browser, with no node: module and only the portable part of pprof', async () => {
    const result = await build({
      entryPoints: [path.join(QUERY_DIR, 'index.ts')],
      absWorkingDir: REPO,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.deepEqual(
      inputs.filter((input) => input.startsWith('node:')),
      [],
    );
    assert.deepEqual([...new Set(inputs.map((input) => input.split('/').slice(0, 2).join('/')))].sort(), [
      'node_modules/re2js',
      'src/errors',
      'src/pprof',
      'src/query',
      'src/units',
    ]);
    assert.deepEqual(inputs.filter((input) => input.startsWith('src/pprof/')).sort(), [
      'src/pprof/growable-arrays.ts',
      'src/pprof/portable.ts',
      'src/pprof/profile-builder.ts',
      'src/pprof/profile-errors.ts',
      'src/pprof/profile-from-collapsed.ts',
      'src/pprof/profile-model.ts',
    ]);
    // Every module of the layer with code is reached from its surface.
    assert.deepEqual(
      inputs.filter((input) => input.startsWith('src/query/')).sort(),
      layerModules()
        .filter(hasRuntimeExports)
        .map((file) => `src/query/${file}`),
    );
  });

  it('has no import cycle, between modules or between topic folders', () => {
    const graph = importGraph();
    // Type imports count: the tree grower imports only the flame graph's types (once a cycle).
    assert.deepEqual(graph.get('flame/grow-flame-tree.ts')?.includes('flame/flame-graph.ts'), true);
    assert.deepEqual(graph.get('flame/flame-graph.ts'), []);
    assert.deepEqual(cyclesOf(graph), []);
    const topicOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '(index)');
    const topics = new Map<string, string[]>();
    for (const [file, targets] of graph) {
      const topic = topicOf(file);
      const others = targets.map(topicOf).filter((target) => target !== topic);
      topics.set(topic, [...new Set([...(topics.get(topic) ?? []), ...others])]);
    }
    assert.deepEqual(cyclesOf(topics), []);
  });

  it('finds a cycle where there is one (the check itself)', () => {
    const graph = new Map([
      ['flame/flame-graph.ts', ['flame/flame-tree.ts']],
      ['flame/flame-tree.ts', ['flame/flame-graph.ts']],
    ]);
    assert.deepEqual(cyclesOf(graph), [['flame/flame-graph.ts', 'flame/flame-tree.ts', 'flame/flame-graph.ts']]);
  });
});
