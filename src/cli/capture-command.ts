// `go-profiler capture TYPE TARGET`: a profile from a Go program's URL or a pod (through the API
// server's pod proxy), or from every pod a selector matches, saved as served (SPEC §6); `--open`
// then serves the viewer as `view` does.

import { Command, Option } from 'commander';
import { mkdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { hasDeltaProfile, listPods, type KubeAccess, type ProfileType } from '../fetch/index.js';
// The processor's default (pprof's too) and bound of a CPU profile's seconds (SPEC §1).
import { DEFAULT_CPU_SECONDS, MAX_CPU_SECONDS } from '../processor/processor-limits.js';
import { CapturesFailedError, PodSelectionError } from './capture-errors.js';
import {
  runCaptures,
  shownPath,
  type CaptureJob,
  type CaptureOutcome,
  type CaptureOutput,
  type SavedCapture,
} from './capture-jobs.js';
import { CaptureProgress } from './capture-progress.js';
import { parseCaptureTarget, parseCaptureType, parseNamespace } from './capture-target.js';
import { defaultNamespace } from './kube-namespace.js';
import { printFailure, runCommand } from './run-command.js';
import { parseListenAddress, parseWholeNumber } from './serve-config.js';
import { podCaptureJob, urlCaptureJob } from './target-jobs.js';
import { UsageError } from './usage-errors.js';
import { announceViewer, serveViewer, type ServeViewerOptions } from './serve-viewer.js';
import { profileKindOf } from './view-command.js';

/** Flags `capture` and `view URL|pod/NAME` share: the CPU seconds and how a pod is reached. */
export interface TargetFlags {
  seconds?: string;
  namespace?: string;
  port?: string;
  scheme?: string;
  kubeconfig?: string;
  context?: string;
}

export interface CaptureFlags extends TargetFlags {
  output?: string;
  open?: boolean;
  /** False with --no-browser. */
  browser: boolean;
  listen: string;
  settings?: string;
  selector?: string;
  maxPods: string;
}

/** SPEC §6: at most this many pods for a selector, by default. */
const DEFAULT_MAX_PODS = 20;
/** SPEC §6: a selector's pods are captured 4 at a time. */
const CONCURRENT_CAPTURES = 4;

/** Adds the flags of TargetFlags to `command`. */
export function addTargetFlags(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--seconds <n>',
        `length of a CPU profile (default ${DEFAULT_CPU_SECONDS}); for heap, allocs, block and mutex, a delta over that window`,
      ),
    )
    .addOption(
      new Option(
        '-n, --namespace <namespace>',
        "the pod's namespace (default: the kubeconfig context's, else default)",
      ),
    )
    .addOption(
      new Option(
        '--port <port>',
        "the pod's pprof port, a number or a container port name (default: the port named pprof, http-pprof or metrics, else 6060)",
      ),
    )
    .addOption(new Option('--scheme <scheme>', "the pod's pprof scheme").choices(['http', 'https']))
    .addOption(new Option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)'))
    .addOption(new Option('--context <name>', 'kubeconfig context (default: its current context)'));
}

export function captureCommand(): Command {
  const command = new Command('capture')
    .description(
      'save a profile from a Go program (http://host:6060) or a pod (pod/NAME, through the API server), as served',
    )
    .argument(
      '<type>',
      'profile, heap, goroutine, allocs, block, mutex, threadcreate (cpu: profile), or bundle: all of them over --seconds',
    )
    .argument('[target]', 'http(s)://host:port of the Go program, or pod/NAME')
    .addOption(
      new Option(
        '-o, --output <path>',
        'the file to save (default NS.NAME.TYPE.TIMESTAMP.pb.gz); a directory with --selector (default .)',
      ),
    )
    .addOption(new Option('-l, --selector <selector>', 'capture every pod this label selector matches'))
    .addOption(new Option('--max-pods <n>', 'at most this many pods for --selector').default(String(DEFAULT_MAX_PODS)))
    .addOption(new Option('--open', 'then serve the viewer, as view does'))
    .addOption(new Option('--listen <host:port>', 'address of the viewer with --open').default('127.0.0.1:0'))
    .addOption(new Option('--no-browser', 'with --open: do not open the viewer in the browser'))
    .addOption(new Option('--settings <file>', "with --open: the Config menu's saved configs (as view's)"));
  return addTargetFlags(command).action(async (type: string, target: string | undefined, flags: CaptureFlags) => {
    await runCommand(() => runCapture(type, target, flags));
  });
}

/** What one command captures: its jobs, where they are saved, how the progress line names them. */
export interface CapturePlan {
  readonly type: ProfileType;
  readonly cpuSeconds: number;
  /** Heap, Allocs, Block, Mutex with `--seconds`: the delta's window. */
  readonly deltaSeconds?: number;
  readonly jobs: readonly CaptureJob[];
  readonly output: CaptureOutput;
  /** `Heap of pod default/web-0`, `Profile of 3 pods`. */
  readonly what: string;
  /** A selector's plan (even of one pod): files named per pod, failures counted. */
  readonly many: boolean;
}

/**
 * `--seconds` for a CPU profile; for a type with a delta profile, that type's window (deltaSecondsOf);
 * refused for Goroutine and Threadcreate, whose endpoints would read it otherwise.
 */
export function cpuSecondsOf(type: ProfileType, flags: TargetFlags): number {
  if (flags.seconds === undefined) return DEFAULT_CPU_SECONDS;
  if (type !== 'Profile' && !hasDeltaProfile(type)) {
    throw new UsageError(
      'option --seconds',
      `only for a CPU profile or a delta of heap, allocs, block, mutex (the type is ${type})`,
    );
  }
  return parseWholeNumber('--seconds', flags.seconds, 1, MAX_CPU_SECONDS);
}

/** Heap, Allocs, Block, Mutex with `--seconds N`: a delta over N seconds (issue 10); else none. */
export function deltaSecondsOf(type: ProfileType, flags: TargetFlags): number | undefined {
  if (flags.seconds === undefined || !hasDeltaProfile(type)) return undefined;
  return cpuSecondsOf(type, flags);
}

/** The jobs of one TARGET word: a URL, or a pod. */
export async function planTarget(
  type: ProfileType,
  word: string,
  flags: TargetFlags,
): Promise<{ jobs: CaptureJob[]; cpuSeconds: number; deltaSeconds?: number; what: string }> {
  const cpuSeconds = cpuSecondsOf(type, flags);
  const deltaSeconds = deltaSecondsOf(type, flags);
  const windows = { cpuSeconds, ...(deltaSeconds === undefined ? {} : { deltaSeconds }) };
  const target = parseCaptureTarget(word, type, cpuSeconds, deltaSeconds);
  if (target.kind === 'url') {
    for (const flag of ['namespace', 'port', 'scheme', 'kubeconfig', 'context'] as const) {
      if (flags[flag] !== undefined)
        throw new UsageError(`option --${flag}`, 'only for a pod/NAME target or --selector (the target is a URL)');
    }
    const job = urlCaptureJob(target.url, type, cpuSeconds, deltaSeconds);
    return { jobs: [job], ...windows, what: `${type} of ${job.label}` };
  }
  const { access, namespace } = await podAccess(flags);
  const job = podCaptureJob(
    access,
    { namespace, name: target.name, ...podPort(flags) },
    type,
    cpuSeconds,
    deltaSeconds,
  );
  return { jobs: [job], ...windows, what: `${type} of ${job.label}` };
}

/** The kubeconfig to use and the namespace: `-n`, else the context's, else `default`. */
export async function podAccess(flags: TargetFlags): Promise<{ access: KubeAccess; namespace: string }> {
  const access: KubeAccess = {
    ...(flags.kubeconfig === undefined ? {} : { kubeconfigPath: flags.kubeconfig }),
    ...(flags.context === undefined ? {} : { context: flags.context }),
  };
  const namespace = flags.namespace === undefined ? await defaultNamespace(access) : parseNamespace(flags.namespace);
  return { access, namespace };
}

/** `--port` and `--scheme` as fetchPodProfile takes them (the port's syntax is checked there, first). */
export function podPort(flags: TargetFlags): { port?: string; scheme?: 'http' | 'https' } {
  return {
    ...(flags.port === undefined ? {} : { port: flags.port }),
    ...(flags.scheme === undefined ? {} : { scheme: flags.scheme as 'http' | 'https' }),
  };
}

/** `-l`: every pod the selector matches in the namespace, at most --max-pods of them (else an error). */
async function planSelector(type: ProfileType, selector: string, flags: CaptureFlags): Promise<CapturePlan> {
  const cpuSeconds = cpuSecondsOf(type, flags);
  const deltaSeconds = deltaSecondsOf(type, flags);
  const maxPods = parseWholeNumber('--max-pods', flags.maxPods, 1, 1000);
  const { access, namespace } = await podAccess(flags);
  const pods = await listPods(access, namespace, selector);
  if (pods.length === 0) throw new PodSelectionError(selector, namespace, 'no pod matches');
  if (pods.length > maxPods) {
    throw new PodSelectionError(
      selector,
      namespace,
      `${pods.length} pods match, more than --max-pods ${maxPods} (narrow the selector or raise --max-pods)`,
    );
  }
  const jobs = pods.map((pod) => podCaptureJob(access, { ...pod, ...podPort(flags) }, type, cpuSeconds, deltaSeconds));
  const what = `${type} of ${pods.length} pod${pods.length === 1 ? '' : 's'}`;
  const windows = { cpuSeconds, ...(deltaSeconds === undefined ? {} : { deltaSeconds }) };
  return { type, ...windows, jobs, output: await directoryOutput(flags.output), what, many: true };
}

async function planCapture(
  typeWord: string,
  targetWord: string | undefined,
  flags: CaptureFlags,
): Promise<CapturePlan> {
  const type = parseCaptureType(typeWord);
  if (flags.selector !== undefined) {
    if (targetWord !== undefined)
      throw new UsageError(`argument TARGET ${JSON.stringify(targetWord)}`, 'not with --selector (it names the pods)');
    return planSelector(type, flags.selector, flags);
  }
  if (targetWord === undefined)
    throw new UsageError('argument TARGET', 'missing (a URL, pod/NAME, or --selector SELECTOR)');
  if (flags.maxPods !== String(DEFAULT_MAX_PODS)) throw new UsageError('option --max-pods', 'only with --selector');
  const { jobs, what, ...windows } = await planTarget(type, targetWord, flags);
  return { type, ...windows, jobs, output: await singleOutput(flags.output), what, many: false };
}

/** `-o` for one target: a file, or an existing directory to save the default name in. */
async function singleOutput(output: string | undefined): Promise<CaptureOutput> {
  if (output === undefined) return { dir: '.' };
  const found = await stat(output).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return found?.isDirectory() === true ? { dir: output } : { file: output };
}

/** `-o` for a selector: a directory, made when missing. */
export async function directoryOutput(output: string | undefined): Promise<CaptureOutput> {
  const dir = output ?? '.';
  await mkdir(dir, { recursive: true });
  return { dir };
}

/**
 * Runs a plan with its progress line on stderr (redrawn on a terminal, a plain line every 10 s
 * otherwise), prints each saved file on stdout as pprof does and each failure on stderr as it
 * happens; throws when every capture failed, or (a selector's) when any did, after the others.
 */
export async function captureAndSave(plan: CapturePlan): Promise<CaptureOutcome> {
  const progress = new CaptureProgress({
    output: { write: (text) => process.stderr.write(text), isTTY: process.stderr.isTTY === true },
    now: () => performance.now(),
    what: plan.what,
    ...(plan.type === 'Profile' ? { cpuSeconds: plan.cpuSeconds } : {}),
    ...(plan.deltaSeconds === undefined ? {} : { cpuSeconds: plan.deltaSeconds }),
    ...(plan.many ? { captures: plan.jobs.length } : {}),
  });
  const tick = setInterval(() => progress.update(), 1000);
  let outcome: CaptureOutcome;
  try {
    outcome = await runCaptures(plan.jobs, {
      type: plan.type,
      output: plan.output,
      at: new Date(),
      progress,
      concurrency: CONCURRENT_CAPTURES,
      onSaved: (saved) => {
        progress.clear();
        process.stdout.write(
          `Saved profile of ${saved.job.label} in ${shownPath(saved.file)}${deltaNote(plan, saved)}\n`,
        );
        printAdvice(saved, plan);
      },
      onFailed: (failed) => {
        progress.clear();
        // One target's failure is the command's, printed once by runCommand.
        if (plan.many) printFailure(failed.error);
      },
    });
  } finally {
    clearInterval(tick);
    progress.end();
  }
  if (!plan.many && outcome.failed[0] !== undefined) throw outcome.failed[0].error;
  return outcome;
}

/** The preflight advice on a saved profile, on stderr: `advice: <sentence>` (`advice (pod NS/NAME): …` for a selector's). */
function printAdvice(saved: SavedCapture, plan: CapturePlan): void {
  const label = plan.many ? ` (${saved.job.label})` : '';
  for (const sentence of saved.advice ?? []) process.stderr.write(`advice${label}: ${sentence}\n`);
}

/** How a delta capture's window was taken, after its Saved line: ` (during 30 s, Go's delta)`. */
function deltaNote(plan: CapturePlan, saved: SavedCapture): string {
  if (plan.deltaSeconds === undefined || saved.deltaMethod === undefined) return '';
  const how = saved.deltaMethod === 'go' ? "Go's delta" : 'two snapshots subtracted: the target refused the delta';
  return ` (during ${plan.deltaSeconds} s, ${how})`;
}

/** A selector's failures in one error (each was printed as it happened); undefined when none failed. */
function failuresOf(plan: CapturePlan, outcome: CaptureOutcome): CapturesFailedError | undefined {
  if (outcome.failed.length === 0) return undefined;
  const labels = outcome.failed.map((failed) => failed.job.label);
  return new CapturesFailedError(plan.what, labels, plan.jobs.length);
}

async function runCapture(typeWord: string, targetWord: string | undefined, flags: CaptureFlags): Promise<void> {
  if (flags.open !== true) {
    for (const [flag, given] of [
      ['--listen', flags.listen !== '127.0.0.1:0'],
      ['--no-browser', !flags.browser],
      ['--settings', flags.settings !== undefined],
    ] as const) {
      if (given) throw new UsageError(`option ${flag}`, 'only with --open');
    }
  }
  if (typeWord.trim().toLowerCase() === 'bundle') {
    const { runBundleCapture } = await import('./bundle-command.js');
    return runBundleCapture(targetWord, flags);
  }
  const plan = await planCapture(typeWord, targetWord, flags);
  const outcome = await captureAndSave(plan);
  const failure = failuresOf(plan, outcome);
  const [first] = outcome.saved;
  if (flags.open !== true || first === undefined) {
    if (failure !== undefined) throw failure;
    return;
  }
  // The pods captured are still worth a look: the failures are said (status 1), the viewer serves.
  if (failure !== undefined) printFailure(failure);
  const serving = {
    listen: flags.listen,
    browser: flags.browser,
    query: '',
    ...(flags.settings === undefined ? {} : { settings: flags.settings }),
  };
  if (!plan.many) {
    await serveSaved(first, serving);
    return;
  }
  // A selector's pods in one viewer: merged, ranked in the Replicas view, each its own (SPEC §6).
  const listen = parseListenAddress(flags.listen);
  const { serveReplicaViewer } = await import('./serve-replica-viewer.js');
  const { userSettingsFile } = await import('../store/index.js');
  const server = await serveReplicaViewer({
    replicas: outcome.saved.map((saved) => ({ name: saved.job.name, path: saved.file })),
    host: listen.host,
    port: listen.port,
    settingsFile: flags.settings ?? userSettingsFile(process.env, homedir()),
  });
  await announceViewer(server, { listen, query: '', browser: flags.browser });
}

/** Serves a saved capture's viewer as `view FILE` would serve the file (`--open`, `view URL`). */
export async function serveSaved(saved: SavedCapture, options: ServeViewerOptions): Promise<void> {
  await serveViewer(
    {
      profile: saved.profile,
      rawBytes: saved.bytes,
      file: path.basename(saved.file),
      type: profileKindOf(saved.profile),
      source: saved.job.label,
      capturedAt: new Date(),
      ...(saved.advice === undefined ? {} : { advice: saved.advice }),
    },
    options,
  );
}
