// ESLint rule enforcing STYLE.md's layers: a folder under src/ may import only the folders listed
// here (and itself). The table is the single place the architecture's import graph is written.
import path from 'node:path';

/** folder under src/ → folders under src/ it may import. */
export const ALLOWED_IMPORTS = {
  pprof: [],
  units: ['pprof'],
  query: ['pprof', 'units'],
  web: ['pprof', 'units', 'query', 'store'],
  fetch: ['pprof'],
  store: ['pprof'],
  session: [],
  processor: ['pprof', 'units', 'query', 'web', 'fetch', 'store', 'session'],
  cli: ['pprof', 'units', 'query', 'web', 'fetch', 'store', 'session', 'processor'],
};

/**
 * query/ is in topic folders, as pprof's internal packages are: topic → topics it may import (each
 * may import pprof/portable.ts and units/). index.ts, the layer's surface, imports them; no topic
 * imports it. The table must stay acyclic (checked below). Tests may import any topic.
 */
export const QUERY_TOPICS = {
  go: [],
  errors: [],
  options: ['errors'],
  regexp: ['errors'],
  labels: ['options'],
  filter: ['errors', 'go', 'labels', 'options', 'regexp'],
  legend: ['go', 'options'],
  graph: ['filter', 'go', 'legend', 'options'],
  merge: ['errors'],
  flame: ['filter', 'go', 'graph', 'options', 'regexp'],
  source: ['filter', 'go', 'graph', 'options', 'regexp'],
  report: ['errors', 'filter', 'go', 'graph', 'labels', 'legend', 'merge', 'options', 'regexp', 'source'],
};

/** Throws when the topic table has a cycle: topics would then import each other. */
function assertAcyclic(table) {
  const state = new Map();
  const visit = (topic, path) => {
    if (state.get(topic) === 'done') return;
    if (state.get(topic) === 'visiting') throw new Error(`QUERY_TOPICS has a cycle: ${[...path, topic].join(' → ')}`);
    state.set(topic, 'visiting');
    for (const next of table[topic] ?? []) visit(next, [...path, topic]);
    state.set(topic, 'done');
  };
  for (const topic of Object.keys(table)) visit(topic, []);
}
assertAcyclic(QUERY_TOPICS);

/** The pprof module query/ may import: the part that bundles for the browser (no node:zlib). */
const PORTABLE_PPROF = path.join('pprof', 'portable.ts');

function srcPath(file) {
  return path.relative(path.resolve('src'), file);
}

/** A problem with an import from query/ (topic table, portable pprof), or undefined. */
function queryImportProblem(fromFile, toFile) {
  if (fromFile.endsWith('.test.ts')) return undefined;
  const from = srcPath(fromFile).split(path.sep);
  const to = srcPath(toFile.replace(/\.js$/, '.ts')).split(path.sep);
  if (to[0] === 'pprof') {
    return to.join(path.sep) === PORTABLE_PPROF ? undefined : 'src/query/ imports src/pprof/ only through portable.ts';
  }
  if (to[0] !== 'query' || from.length < 3) return undefined;
  if (to.length < 3) return `src/query/${from[1]}/ may not import the layer's index.ts`;
  const allowed = QUERY_TOPICS[from[1]];
  if (allowed === undefined) return `src/query/${from[1]}/ is not a topic of QUERY_TOPICS`;
  if (to[1] === from[1] || allowed.includes(to[1])) return undefined;
  return `src/query/${from[1]}/ may not import src/query/${to[1]}/ (allowed: ${allowed.join(', ') || 'no other topic'})`;
}

function layerOf(file) {
  const parts = path.relative(path.resolve('src'), file).split(path.sep);
  if (parts[0] === '..' || parts.length < 2) return undefined;
  return parts[0];
}

export const layerRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports must follow the layer table in scripts/eslint-layer-rule.js' },
    schema: [],
  },
  create(context) {
    const from = layerOf(context.filename);
    if (from === undefined) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(context.filename), source);
      if (from === 'query') {
        const problem = queryImportProblem(context.filename, target);
        if (problem !== undefined) context.report({ node, message: problem });
      }
      const to = layerOf(target);
      if (to === undefined || to === from) return;
      const allowed = ALLOWED_IMPORTS[from] ?? [];
      if (!allowed.includes(to)) {
        context.report({
          node,
          message: `src/${from}/ may not import src/${to}/ (allowed: ${allowed.join(', ') || 'nothing of ours'})`,
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
