// `go-profiler view FILE…`: the viewer for profile files on disk, as `go tool pprof -http=HOST:PORT
// FILE…` gives it (several files merged, --diff-base/--base subtracted), without a processor, shown
// in the browser when there is a display.

import { Command, Option } from 'commander';
import { homedir } from 'node:os';
import path from 'node:path';
import { encodeProfile, type Profile } from '../pprof/index.js';
import { formatQueryOptions } from '../query/index.js';
import { loadProfiles, readProfileFile } from './load-profiles.js';
import { browserCommands, openBrowser } from './open-browser.js';
import { addReportFlags, queryOptionsFromFlags } from './report-flags.js';
import { SLOW_CLIENT_TIMEOUT_MS } from '../processor/processor-limits.js';
import { runCommand } from './run-command.js';
import { parseListenAddress } from './serve-config.js';
import type { SourceFiles } from '../web/source-files.js';
import type { DecodedCapture } from '../web/viewer-server.js';

interface ViewFlags extends Record<string, unknown> {
  listen: string;
  /** False with --no-browser. */
  browser: boolean;
  settings?: string;
  sourcePath?: string;
  trimPath?: string;
  diffBase: string[];
  base: string[];
  normalize?: boolean;
}

export function viewCommand(): Command {
  const command = new Command('view')
    .description('serve the viewer for profile files, as `go tool pprof -http` (several files are merged)')
    .argument('<files...>', 'profile.proto files, gzipped or not')
    .addOption(new Option('--listen <host:port>', 'address of the viewer (port 0: a free one)').default('127.0.0.1:0'))
    .addOption(
      new Option(
        '--source-path <dirs>',
        "show the code in the Source view from files under these directories (':'-separated), as pprof -source_path",
      ),
    )
    .addOption(
      new Option(
        '--trim-path <prefixes>',
        "prefixes to cut from the profile's file names before searching (pprof -trim_path)",
      ),
    )
    .addOption(new Option('--no-browser', 'do not open the viewer in the browser (pprof -no_browser)'))
    .addOption(
      new Option(
        '--settings <file>',
        "the Config menu's saved configs (default: $XDG_CONFIG_HOME/go-profiler/settings.json, else ~/.config/go-profiler/settings.json)",
      ),
    );
  // The report flags (--sample-index, --focus...) preset the view opened, as pprof's flags with -http.
  return addReportFlags(command).action(async (files: string[], flags: ViewFlags) => {
    await runCommand(() => runView(files, flags));
  });
}

/**
 * The viewer's name for the kind of profile, from its sample types, in the processor's spelling.
 * Block and mutex profiles have the same types and cannot be told apart.
 */
export function profileKindOf(profile: Profile): string {
  const types = new Set(profile.sampleTypes.map((t) => t.type));
  if (types.has('inuse_space')) return profile.defaultSampleType === 'alloc_space' ? 'Allocs' : 'Heap';
  if (types.has('cpu')) return 'Profile';
  if (types.has('goroutine')) return 'Goroutine';
  if (types.has('threadcreate')) return 'Threadcreate';
  if (types.has('contentions')) return 'Block or Mutex';
  return profile.sampleTypes[0]?.type ?? 'Empty';
}

async function runView(files: string[], flags: ViewFlags): Promise<void> {
  parseListenAddress(flags.listen); // a bad --listen fails before any file is read
  const query = formatQueryOptions(queryOptionsFromFlags(flags)).toString();
  if (flags.trimPath !== undefined && flags.sourcePath === undefined)
    throw new Error('view --trim-path: needs --source-path (the viewer reads no sources without one)');
  const single = files.length === 1 && flags.diffBase.length === 0 && flags.base.length === 0;
  // Download serves the file as it is when there is one; a merged or diffed profile is encoded.
  const { profile, bytes: rawBytes } = single
    ? await readProfileFile(files[0]!)
    : await loadProfiles({
        files,
        diffBase: flags.diffBase,
        base: flags.base,
        normalize: flags.normalize ?? false,
      }).then((merged) => ({ profile: merged, bytes: encodeProfile(merged) }));
  const { sourceFilesUnder } = await import('../web/source-files.js');
  const sources = flags.sourcePath === undefined ? undefined : sourceFilesUnder(flags.sourcePath, flags.trimPath ?? '');
  await serveViewer(
    {
      profile,
      rawBytes,
      file: single ? path.basename(files[0]!) : 'merged.pb.gz',
      type: profileKindOf(profile),
      source: files.map((file) => path.resolve(file)).join(', '),
      capturedAt: new Date(),
    },
    { ...flags, query, sources },
  );
}

export interface ServeViewerOptions {
  readonly listen: string;
  readonly browser: boolean;
  readonly settings?: string;
  /** The opened view's URL parameters (the report flags), `''` for none. */
  readonly query: string;
  readonly sources?: SourceFiles;
}

/**
 * Serves one profile's viewer until SIGINT or SIGTERM, as pprof's `-http` does: prints its URL
 * (pprof's words) and shows it in the browser when there is a display (`view`, `capture --open`).
 */
export async function serveViewer(capture: DecodedCapture, options: ServeViewerOptions): Promise<void> {
  const listen = parseListenAddress(options.listen);
  const { startViewerServer } = await import('../web/viewer-server.js');
  const { userSettingsFile } = await import('../store/index.js');
  const server = await startViewerServer({
    capture,
    host: listen.host,
    port: listen.port,
    settingsFile: options.settings ?? userSettingsFile(process.env, homedir()),
    ...(options.sources === undefined ? {} : { sources: options.sources }),
    slowClientTimeoutMs: SLOW_CLIENT_TIMEOUT_MS,
  });
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
  const preset = options.query === '' ? '' : `/?${options.query}`;
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
