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
      const to = layerOf(path.resolve(path.dirname(context.filename), source));
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
