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
