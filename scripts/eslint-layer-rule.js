// ESLint rule enforcing STYLE.md's layers: a folder under src/ may import only the folders listed
// here (and itself). The table is the single place the architecture's import graph is written.
// Tests follow it too: a test beside src/X's code (src/X/**/*.test.ts) may import what X may
// import, and helpers outside src/ (test/support/...) only when everything of src/ those helpers
// reach, through their own imports, is something X may import; so a test that starts the
// processor cannot sit beside the viewer's code. Code under src/ that is not a test imports
// nothing outside src/. Files outside src/ (test/, bench/, scripts/) may import anything.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** folder under src/ → folders under src/ it may import. `errors` (the base error class and its status table) is everyone's. */
export const ALLOWED_IMPORTS = {
  errors: [],
  pprof: ['errors'],
  units: ['errors', 'pprof'],
  query: ['errors', 'pprof', 'units'],
  web: ['errors', 'pprof', 'units', 'query', 'store'],
  fetch: ['errors', 'pprof'],
  store: ['errors', 'pprof'],
  session: ['errors'],
  processor: ['errors', 'pprof', 'units', 'query', 'web', 'fetch', 'store', 'session'],
  cli: ['errors', 'pprof', 'units', 'query', 'web', 'fetch', 'store', 'session', 'processor'],
};

const SRC = () => path.resolve('src');

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
  replicas: ['go', 'options', 'report'],
  advice: ['legend'],
  goroutines: [],
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
  return path.relative(SRC(), file);
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

/** The folder under src/ holding `file`; undefined outside src/ (or for a file directly in src/). */
function layerOf(file) {
  const parts = path.relative(SRC(), file).split(path.sep);
  if (parts[0] === '..' || parts.length < 2) return undefined;
  return parts[0];
}

const isTest = (file) => /\.test\.[cm]?[jt]s$/.test(file);

/** The file a relative specifier names: `./x.js` is written for `./x.ts`. */
function resolveSpecifier(from, specifier) {
  const resolved = path.resolve(path.dirname(from), specifier);
  if (existsSync(resolved)) return resolved;
  const asTs = resolved.replace(/\.js$/, '.ts');
  return existsSync(asTs) ? asTs : resolved;
}

/** Relative specifiers of a file's static imports, re-exports and dynamic imports of a literal. */
function relativeImportsOf(file) {
  const text = readFileSync(file, 'utf8');
  const specifiers = [];
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    specifiers.push(match[1]);
  }
  return specifiers;
}

/** Per lint run: helper file → the src/ files it reaches (through helpers outside src/, not through src/). */
const reachCache = new Map();

/** The src/ files a file outside src/ imports, directly or through other files outside src/. */
function srcFilesReachedFrom(file, visiting = new Set()) {
  const cached = reachCache.get(file);
  if (cached !== undefined) return cached;
  if (visiting.has(file) || !existsSync(file)) return [];
  visiting.add(file);
  const reached = [];
  for (const specifier of relativeImportsOf(file)) {
    const target = resolveSpecifier(file, specifier);
    if (layerOf(target) !== undefined) reached.push(target);
    else reached.push(...srcFilesReachedFrom(target, visiting));
  }
  const unique = [...new Set(reached)];
  reachCache.set(file, unique);
  return unique;
}

const allowedText = (allowed) => allowed.join(', ') || 'nothing of ours';
const shown = (file) => path.relative(process.cwd(), file);

export const layerRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports must follow the layer table in scripts/eslint-layer-rule.js' },
    schema: [],
  },
  create(context) {
    const from = layerOf(context.filename);
    if (from === undefined) return {};
    const allowed = ALLOWED_IMPORTS[from] ?? [];
    const test = isTest(context.filename);
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolveSpecifier(context.filename, source);
      if (from === 'query') {
        const problem = queryImportProblem(context.filename, target);
        if (problem !== undefined) context.report({ node, message: problem });
      }
      const to = layerOf(target);
      if (to === undefined) {
        if (!test) {
          context.report({
            node,
            message: `src/${from}/ may not import ${shown(target)}: code under src/ imports nothing outside it`,
          });
          return;
        }
        const refused = srcFilesReachedFrom(target).filter((file) => {
          const layer = layerOf(file);
          return layer !== from && !allowed.includes(layer);
        });
        if (refused.length > 0) {
          context.report({
            node,
            message:
              `a test beside src/${from}/ may not import ${shown(target)}: it reaches ${refused.map(shown).join(', ')} ` +
              `(allowed: ${from}, ${allowedText(allowed)}); tests that need more live in test/`,
          });
        }
        return;
      }
      if (to !== from && !allowed.includes(to)) {
        context.report({
          node,
          message: `src/${from}/ may not import src/${to}/ (allowed: ${allowedText(allowed)})`,
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
