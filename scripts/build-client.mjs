// Bundles the browser client (src/web/client) with esbuild into dist/web/client: the viewer (one
// JS and one CSS file, so the viewer page loads nothing from outside the session's own port; plus
// search-regexp.js, the Go regexp engine, loaded by the views that search in the page) and the
// offline report's page (report.js and report.css, inlined in every report.html, engine included).
import { build } from 'esbuild';

const common = {
  bundle: true,
  target: 'es2022',
  minify: true,
  outdir: 'dist/web/client',
  loader: { '.css': 'css' },
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: ['src/web/client/main.ts'],
  format: 'esm',
  sourcemap: 'linked',
  entryNames: 'app',
  // re2js is 150 KB minified, more than the rest of app.js: load-search-regexp.ts imports it on use.
  external: ['./search-regexp.js'],
});
await build({
  ...common,
  entryPoints: ['src/web/client/search-regexp.ts'],
  format: 'esm',
  entryNames: 'search-regexp',
});
// A classic script without a source map: it is inlined in a file opened from disk.
await build({ ...common, entryPoints: ['src/web/client/report/report-main.ts'], format: 'iife', entryNames: 'report' });
