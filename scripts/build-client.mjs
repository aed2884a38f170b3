// Bundles the browser client (src/web/client) with esbuild into dist/web/client, one JS and one
// CSS file, so the viewer page loads nothing from outside the session's own port.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/web/client/main.ts'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: 'linked',
  outdir: 'dist/web/client',
  entryNames: 'app',
  loader: { '.css': 'css' },
  logLevel: 'warning',
});
