// The HTML page every view route serves: a shell that loads the bundled client from the session's
// own port (relative URLs, so `/top` and `/ui/top` both work) and nothing from anywhere else.

/**
 * The Content-Security-Policy of every page: scripts, styles and data only from the session's own
 * origin, so a function name with markup can never load or run anything, and no asset is fetched
 * from outside.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

export function renderPageShell(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<link rel="icon" type="image/svg+xml" href="./favicon.svg">
<link rel="stylesheet" href="./assets/app.css">
<script type="module" src="./assets/app.js"></script>
</head>
<body>
<div id="app" aria-busy="true">Loading the viewer…</div>
<noscript>This viewer needs JavaScript. The raw profile is at <a href="./download">./download</a>.</noscript>
</body>
</html>
`;
}
