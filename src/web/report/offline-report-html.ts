// Writes an offline report as one self-contained HTML page: the report's script and styles
// (dist/web/client/report.js and report.css) and its data inlined, a Content-Security-Policy
// that lets the page fetch nothing, so it opens from file:// and makes no request.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GoProfilerError } from '../../errors/index.js';
import { REPORT_DATA_ELEMENT_ID, type OfflineReportData } from './offline-report-model.js';

/** The report could not be built or written: the bundle is missing, the file cannot be written. */
export class OfflineReportError extends GoProfilerError {
  override readonly name = 'OfflineReportError';
  constructor(action: string, reason: string, options?: { cause?: unknown }) {
    super(action, reason, options);
  }
}

// This module runs from dist/web/report or src/web/report (tests through tsx): three levels below
// the repository root, where the bundle is written.
const CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/web/client');

let assets: { readonly script: string; readonly styles: string } | undefined;

function reportAssets(): { readonly script: string; readonly styles: string } {
  if (assets === undefined) {
    try {
      assets = {
        script: readFileSync(path.join(CLIENT_DIR, 'report.js'), 'utf8'),
        styles: readFileSync(path.join(CLIENT_DIR, 'report.css'), 'utf8'),
      };
    } catch (error) {
      throw new OfflineReportError(
        'load report page report.js',
        'not found in dist/web/client; run `npm run build` to bundle the browser client',
        { cause: error },
      );
    }
  }
  return assets;
}

/**
 * No request of any kind: scripts and styles only inline, images only as data: URLs (the canvas
 * exports), a blank favicon so the browser asks for none.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; form-action 'none'";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Inline text must not close its element early: `</script` or `</style` written as text is split. */
const inlineSafe = (text: string, tag: 'script' | 'style') => text.replace(new RegExp(`</${tag}`, 'gi'), `<\\/${tag}`);

/** The report's page, as one string. */
export function renderOfflineReportHtml(data: OfflineReportData): string {
  const { script, styles } = reportAssets();
  const names = data.profiles.map((profile) => profile.name).join(', ');
  // JSON in a script element is read as text: `<` escaped keeps any `</script>` in a name inert.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>go-profiler report: ${escapeHtml(names)}</title>`,
    `<style>${inlineSafe(styles, 'style')}</style>`,
    '</head>',
    '<body>',
    '<div id="report"><noscript>This report draws with JavaScript; allow scripts for this file.</noscript></div>',
    `<script type="application/json" id="${REPORT_DATA_ELEMENT_ID}">${json}</script>`,
    `<script>${inlineSafe(script, 'script')}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
