// `go-profiler view FILE…`: the viewer for profile files on disk, as `go tool pprof -http=HOST:PORT
// FILE…` gives it (several files merged, --diff-base/--base subtracted), without a processor, shown
// in the browser when there is a display.

import { Command, Option } from 'commander';
import { homedir } from 'node:os';
import path from 'node:path';
import { encodeProfile, type Profile } from '../pprof/index.js';
import { formatQueryOptions } from '../query/index.js';
import { loadProfiles } from './load-profiles.js';
import { addReportFlags, queryOptionsFromFlags } from './report-flags.js';
import { SLOW_CLIENT_TIMEOUT_MS } from '../processor/processor-limits.js';
import { runCommand } from './run-command.js';
import { parseListenAddress } from './serve-config.js';
import { UsageError } from './usage-errors.js';
import { announceViewer } from './serve-viewer.js';
import { addTargetFlags } from './capture-command.js';
import { viewCapture, type ViewCaptureFlags } from './view-capture.js';
import { startSingleFileView } from './view-single-file.js';
import { dumpBeside, isGoroutineDumpFile, preparsedDumpReader, readGoroutineDumpFile } from './view-goroutine-dump.js';
import type { SourceFiles } from '../web/source-files.js';
import type { ViewerServer } from '../web/viewer-server.js';

interface ViewFlags extends Record<string, unknown>, ViewCaptureFlags {
  listen: string;
  /** False with --no-browser. */
  browser: boolean;
  settings?: string;
  sourcePath?: string;
  trimPath?: string;
  diffBase: string[];
  base: string[];
  normalize?: boolean;
  /** The files are replicas of one workload: merged, ranked in the Replicas view, each viewable alone. */
  replicas?: boolean;
}

export function viewCommand(): Command {
  const command = new Command('view')
    .description(
      'serve the viewer for profile files (merged), or for a profile captured from a URL or pod/NAME, as `go tool pprof -http`',
    )
    .argument('<files...>', 'profile.proto files, gzipped or not; or one URL or pod/NAME to capture first')
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
    .addOption(
      new Option(
        '--replicas',
        'the files are one profile type from several replicas: show them merged, ranked in the Replicas view, each by its file name',
      ),
    )
    .addOption(new Option('--no-browser', 'do not open the viewer in the browser (pprof -no_browser)'))
    .addOption(
      new Option(
        '--settings <file>',
        "the Config menu's saved configs (default: $XDG_CONFIG_HOME/go-profiler/settings.json, else ~/.config/go-profiler/settings.json)",
      ),
    );
  command.addOption(
    new Option('--type <type>', "with a URL or pod/NAME: the profile type (default: the URL's, else profile, the CPU)"),
  );
  // The report flags (--sample-index, --focus...) preset the view opened, as pprof's flags with -http.
  return addReportFlags(addTargetFlags(command)).action(async (files: string[], flags: ViewFlags) => {
    await runCommand(async () => {
      const query = formatQueryOptions(queryOptionsFromFlags(flags)).toString();
      if (!(await viewCapture(files, flags, query))) await runView(files, flags);
    });
  });
}

/**
 * The viewer's name for the kind of profile, from its sample types, in the processor's spelling.
 * Block and mutex profiles have the same types and cannot be told apart.
 */
export function profileKindOf(profile: Pick<Profile, 'sampleTypes' | 'defaultSampleType'>): string {
  const types = new Set(profile.sampleTypes.map((t) => t.type));
  if (types.has('inuse_space')) return profile.defaultSampleType === 'alloc_space' ? 'Allocs' : 'Heap';
  if (types.has('cpu')) return 'Profile';
  if (types.has('goroutine')) return 'Goroutine';
  if (types.has('threadcreate')) return 'Threadcreate';
  if (types.has('contentions')) return 'Block or Mutex';
  return profile.sampleTypes[0]?.type ?? 'Empty';
}

async function runView(files: string[], flags: ViewFlags): Promise<void> {
  const listen = parseListenAddress(flags.listen);
  const query = formatQueryOptions(queryOptionsFromFlags(flags)).toString();
  if (flags.trimPath !== undefined && flags.sourcePath === undefined)
    throw new Error('view --trim-path: needs --source-path (the viewer reads no sources without one)');
  const { userSettingsFile } = await import('../store/index.js');
  const { sourceFilesUnder } = await import('../web/source-files.js');
  const sources = flags.sourcePath === undefined ? undefined : sourceFilesUnder(flags.sourcePath, flags.trimPath ?? '');
  const settingsFile = flags.settings ?? userSettingsFile(process.env, homedir());
  const server =
    flags.replicas === true
      ? await startReplicaView(files, flags, { host: listen.host, port: listen.port, settingsFile, sources })
      : await startFileView(files, flags, { host: listen.host, port: listen.port, settingsFile, sources });
  await announceViewer(server, { listen, query, browser: flags.browser });
}

interface ViewServing {
  readonly host: string;
  readonly port: number;
  readonly settingsFile: string;
  readonly sources: SourceFiles | undefined;
}

/** The files merged (or diffed) into one session, as pprof's -http shows them. */
async function startFileView(files: string[], flags: ViewFlags, serving: ViewServing): Promise<ViewerServer> {
  const single = files.length === 1 && flags.diffBase.length === 0 && flags.base.length === 0;
  const dump = single ? await goroutineDumpOf(files[0]!) : undefined;
  // A profile file (not a dump) is placed by its size: view-single-file.ts.
  if (single && dump?.isDump !== true) {
    return startSingleFileView(
      files[0]!,
      serving,
      profileKindOf,
      dump === undefined ? {} : { goroutineDump: dump.path },
    );
  }
  if (single && dump !== undefined) {
    // A goroutine dump file: parsed in a dump worker, which builds its goroutine profile (the bytes
    // Download serves) from the same parse; the Goroutines view's first answer reuses that parse.
    const read = await readGoroutineDumpFile(files[0]!);
    const goroutineDumpReader = await preparsedDumpReader(dump.path, read);
    return startSingleFileView(files[0]!, serving, profileKindOf, {
      goroutineDump: dump.path,
      rawBytes: read.profile,
      goroutineDumpReader,
    });
  }
  // Past here: files merged or diffed, encoded for Download.
  const profile = await loadProfiles({
    files,
    diffBase: flags.diffBase,
    base: flags.base,
    normalize: flags.normalize ?? false,
  });
  const { startViewerServer } = await import('../web/viewer-server.js');
  return startViewerServer({
    capture: {
      profile,
      rawBytes: encodeProfile(profile),
      file: 'merged.pb.gz',
      type: profileKindOf(profile),
      source: files.map((file) => path.resolve(file)).join(', '),
      capturedAt: new Date(),
    },
    host: serving.host,
    port: serving.port,
    settingsFile: serving.settingsFile,
    sources: serving.sources,
    slowClientTimeoutMs: SLOW_CLIENT_TIMEOUT_MS,
  });
}

/** The goroutine dump a single file is, or has beside it (view-goroutine-dump.ts). */
async function goroutineDumpOf(file: string): Promise<{ path: string; isDump: boolean } | undefined> {
  if (await isGoroutineDumpFile(file)) return { path: path.resolve(file), isDump: true };
  const beside = dumpBeside(file);
  return beside === undefined ? undefined : { path: path.resolve(beside), isDump: false };
}

/** `view --replicas`: each file a replica named by its file name without .pb.gz or .prof. */
async function startReplicaView(files: string[], flags: ViewFlags, serving: ViewServing): Promise<ViewerServer> {
  if (flags.diffBase.length > 0 || flags.base.length > 0) {
    throw new UsageError('option --replicas', 'cannot be used with --diff-base or --base');
  }
  const { serveReplicaViewer, replicaNameOf } = await import('./serve-replica-viewer.js');
  return serveReplicaViewer({
    replicas: files.map((file) => ({ name: replicaNameOf(file), path: file })),
    host: serving.host,
    port: serving.port,
    settingsFile: serving.settingsFile,
    ...(serving.sources === undefined ? {} : { sources: serving.sources }),
  });
}
