// `go-profiler goroutines SOURCE [--base SOURCE]`: the goroutine analyser's text report of a
// debug=2 dump, read from a file, a Go program's URL or a pod (fetched with `?debug=2`).

import { Command, Option } from 'commander';
import { readFile } from 'node:fs/promises';
import { DEFAULT_MAX_PROFILE_BYTES, fetchPodProfile, fetchProfileBytes, type KubeAccess } from '../fetch/index.js';
import {
  compareGoroutineGroups,
  formatGoroutineReport,
  groupGoroutines,
  parseGoroutineDump,
  type GoroutineGroup,
} from '../query/index.js';
import { addTargetFlags, type TargetFlags } from './capture-command.js';
import { isCaptureTarget, parseCaptureTarget, parseNamespace } from './capture-target.js';
import { defaultNamespace } from './kube-namespace.js';
import { runCommand } from './run-command.js';
import { parseWholeNumber } from './serve-config.js';
import { captureTimeoutMs } from './target-jobs.js';
import { UsageError } from './usage-errors.js';
import { writeOutput } from './write-output.js';

interface GoroutinesFlags extends TargetFlags {
  base?: string;
  frames: string;
  groups: string;
  ids: string;
  state?: string;
}

export function goroutinesCommand(): Command {
  const command = new Command('goroutines')
    .description(
      'group the goroutines of a debug=2 dump by stack and state, likely leaks first (a file, http(s)://host:port or pod/NAME)',
    )
    .argument('<source>', 'a debug=2 dump file, http(s)://host:port of the Go program, or pod/NAME')
    .argument('[base]', 'an earlier dump of the same program (as --base)')
    .addOption(new Option('--base <source>', 'an earlier dump of the same program: the groups that grew first'))
    .addOption(new Option('--frames <n>', 'frames printed per group (0: all)').default('10'))
    .addOption(new Option('--groups <n>', 'groups printed (0: all)').default('0'))
    .addOption(new Option('--ids <n>', 'goroutine ids printed per group').default('8'))
    .addOption(new Option('--state <state>', 'only groups in this state (chan receive, select, IO wait, …)'));
  return addTargetFlags(command).action(async (source: string, base: string | undefined, flags: GoroutinesFlags) => {
    await runCommand(() => runGoroutines(source, base, flags));
  });
}

async function runGoroutines(source: string, baseWord: string | undefined, flags: GoroutinesFlags): Promise<void> {
  if (baseWord !== undefined && flags.base !== undefined)
    throw new UsageError(
      `argument ${JSON.stringify(baseWord)}`,
      'a base is given twice (the second argument and --base)',
    );
  if (flags.seconds !== undefined)
    throw new UsageError('option --seconds', 'only for a CPU profile (a dump is no CPU profile)');
  const frames = parseWholeNumber('--frames', flags.frames, 0, 10_000);
  const groupLimit = parseWholeNumber('--groups', flags.groups, 0);
  const ids = parseWholeNumber('--ids', flags.ids, 0);
  const basePath = baseWord ?? flags.base;
  const [dump, baseDump] = await Promise.all([
    readGroups(source, flags),
    basePath === undefined ? undefined : readGroups(basePath, flags),
  ]);
  const keep = (list: GoroutineGroup[]) =>
    flags.state === undefined ? list : list.filter((g) => g.state === flags.state);
  const ranked = keep(baseDump === undefined ? dump.groups : compareGoroutineGroups(dump.groups, baseDump.groups));
  const truncated = dump.truncated || baseDump?.truncated === true;
  await writeOutput(
    formatGoroutineReport(ranked, { frames, ids, truncated, ...(groupLimit === 0 ? {} : { groups: groupLimit }) }),
  );
}

/** The ranked groups of one SOURCE word, and whether Go cut its dump short. */
async function readGroups(word: string, flags: TargetFlags): Promise<{ groups: GoroutineGroup[]; truncated: boolean }> {
  const { text, name } = isCaptureTarget(word) ? await fetchDump(word, flags) : await readDumpFile(word);
  const dump = parseGoroutineDump(text, name);
  return { groups: groupGoroutines(dump), truncated: dump.truncated };
}

/** A dump file that cannot be read; the message names the file. */
export class DumpFileError extends Error {
  override readonly name = 'DumpFileError';
  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super(`read goroutine dump ${file}: ${reason}`, options);
  }
}

async function readDumpFile(file: string): Promise<{ text: string; name: string }> {
  try {
    return { text: await readFile(file, 'utf8'), name: file };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new DumpFileError(file, reason, { cause: error });
  }
}

/** A URL's or a pod's `/debug/pprof/goroutine?debug=2`, with capture's limits and rules. */
async function fetchDump(word: string, flags: TargetFlags): Promise<{ text: string; name: string }> {
  const target = parseCaptureTarget(word, 'Goroutine', 0);
  const timeoutMs = captureTimeoutMs('Goroutine', 0);
  const decoder = new TextDecoder();
  if (target.kind === 'url') {
    const url = new URL(target.url);
    url.searchParams.set('debug', '2');
    const bytes = await fetchProfileBytes({ url, timeoutMs, maxProfileBytes: DEFAULT_MAX_PROFILE_BYTES });
    return { text: decoder.decode(bytes), name: url.toString() };
  }
  const access: KubeAccess = {
    ...(flags.kubeconfig === undefined ? {} : { kubeconfigPath: flags.kubeconfig }),
    ...(flags.context === undefined ? {} : { context: flags.context }),
  };
  const namespace = flags.namespace === undefined ? await defaultNamespace(access) : parseNamespace(flags.namespace);
  const fetched = await fetchPodProfile(
    access,
    {
      namespace,
      name: target.name,
      ...(flags.port === undefined ? {} : { port: flags.port }),
      ...(flags.scheme === undefined ? {} : { scheme: flags.scheme as 'http' | 'https' }),
    },
    { type: 'Goroutine', debug: 2, timeoutMs, maxBytes: DEFAULT_MAX_PROFILE_BYTES },
  );
  return { text: decoder.decode(fetched.bytes), name: `pod ${namespace}/${target.name}` };
}
