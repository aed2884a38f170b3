// The offline report's entry point, bundled by scripts/build-client.mjs into dist/web/client/report.js
// and inlined in every report.html: reads the embedded data and mounts the page.

import '../palette.css';
import './report.css';
import '../flame/flame-tooltip.css';
import { h } from '../dom.js';
import type { Theme } from '../theme-name.js';
import { readReportData } from './report-data.js';
import { ReportPage } from './report-page.js';

function systemTheme(): Theme {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function start(): void {
  const root = document.getElementById('report') ?? document.body;
  try {
    const page = new ReportPage(readReportData(document), systemTheme());
    root.replaceChildren(page.element);
    page.render().catch((error: unknown) => {
      root.append(h('p', { className: 'report-error', text: (error as Error).message }));
    });
  } catch (error) {
    root.replaceChildren(h('p', { className: 'report-error', text: (error as Error).message }));
  }
}

start();
