// A viewer the command line started, served as pprof's `-http` serves it: its URL printed in
// pprof's words, shown in the browser when there is a display, closed on SIGINT or SIGTERM
// (`view FILE…`, `view URL|pod/NAME`, `capture --open`).

import { homedir } from 'node:os';
import { SLOW_CLIENT_TIMEOUT_MS } from '../processor/processor-limits.js';
import type { DecodedCapture, ViewerServer } from '../web/viewer-server.js';
import { browserCommands, openBrowser } from './open-browser.js';
import { parseListenAddress, type ListenAddress } from './serve-config.js';

export interface AnnounceOptions {
  readonly listen: ListenAddress;
  /** The opened view's URL parameters (the report flags), `''` for none. */
  readonly query: string;
  /** False with --no-browser. */
  readonly browser: boolean;
}

/** Prints the viewer's URL, opens it as pprof does, and closes it on SIGINT or SIGTERM. */
export async function announceViewer(server: ViewerServer, options: AnnounceOptions): Promise<void> {
  const { listen, query } = options;
  // Before the line below: whoever reads it may stop the viewer at once.
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  const preset = query === '' ? '' : `/?${query}`;
  process.stdout.write(`Serving web UI on http://${host}:${server.port}${preset}\n`);
  if (options.browser) {
    // A viewer on every address is shown through the loopback one.
    const browserHost = listen.host === '0.0.0.0' || listen.host === '::' ? 'localhost' : host;
    await showInBrowser(`http://${browserHost}:${server.port}/${preset.slice(1)}`);
  }
}

/** Opens the viewer as pprof does; says so on stderr when there is a display but no browser starts. */
async function showInBrowser(url: string): Promise<void> {
  const host = { env: process.env, platform: process.platform };
  const tried = browserCommands(host);
  if (tried.length === 0 || (await openBrowser(url, host)) !== undefined) return;
  // Not a failure: the viewer serves on, at the address printed above.
  const names = tried.map((command) => command[0]).join(', ');
  process.stderr.write(`go-profiler: open ${url}: no browser could be started (tried ${names}; set BROWSER)\n`);
}

export interface ServeViewerOptions {
  /** `HOST:PORT` as `--listen` takes it. */
  readonly listen: string;
  readonly browser: boolean;
  readonly query: string;
  /** The Config menu's saved configs; default the user's settings file. */
  readonly settings?: string;
}

/** Starts one capture's viewer and announces it (`capture --open`, `view URL|pod/NAME`). */
export async function serveViewer(capture: DecodedCapture, options: ServeViewerOptions): Promise<void> {
  const listen = parseListenAddress(options.listen);
  const { startViewerServer } = await import('../web/viewer-server.js');
  const { userSettingsFile } = await import('../store/index.js');
  const server = await startViewerServer({
    capture,
    host: listen.host,
    port: listen.port,
    settingsFile: options.settings ?? userSettingsFile(process.env, homedir()),
    slowClientTimeoutMs: SLOW_CLIENT_TIMEOUT_MS,
  });
  await announceViewer(server, { listen, query: options.query, browser: options.browser });
}
