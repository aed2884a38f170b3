// `go-profiler capture bundle TARGET`: every profile of a Go program or pod over one window
// (`--seconds`, default 30), as the processor's Bundle captures it: the CPU profile and the allocs,
// block and mutex deltas side by side, the heap, goroutine (and its debug=2 dump) and threadcreate
// snapshots meanwhile. Saved in one folder, one file per profile; the list printed; `--open` serves
// one viewer with the profile switcher.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  buildProfileUrl,
  DEFAULT_MAX_PROFILE_BYTES,
  fetchPodProfile,
  fetchProfileBytes,
  SourceUrlError,
} from '../fetch/index.js';
import { BUNDLE_PARTS, EmptyBundleError, type BundlePart } from '../processor/bundle-parts.js';
import { DEFAULT_CPU_SECONDS, MAX_CPU_SECONDS } from '../processor/processor-limits.js';
import { goroutineDumpOutcomeOf, type GoroutineDumpOutcome } from '../processor/goroutine-dump-fetch.js';
import { computeSampleTotals } from '../query/index.js';
import { formatValueLabel } from '../units/index.js';
import type { BundleProfileCapture, DecodedCapture } from '../web/viewer-server.js';
import { podAccess, podPort, type CaptureFlags } from './capture-command.js';
import { serveViewer } from './serve-viewer.js';
import type { CaptureJob, FetchedCapture } from './capture-jobs.js';
import { captureTimestamp, parseCaptureTarget, urlFileStem, type CaptureTarget } from './capture-target.js';
import { parseWholeNumber } from './serve-config.js';
import { captureTimeoutMs, podCaptureJob, urlCaptureJob } from './target-jobs.js';
import { UsageError } from './usage-errors.js';

/** The goroutine dump's name in the bundle's folder. */
const DUMP_FILE = 'goroutine.debug2.txt';

/** One profile of the bundle as saved, or why not. */
type PartOutcome =
  | { readonly part: BundlePart; readonly fetched: FetchedCapture; readonly file: string }
  | { readonly part: BundlePart; readonly reason: string; readonly error?: unknown };

/** The jobs of a bundle's target, its label and its file stem, and how its goroutine dump is fetched. */
interface BundlePlan {
  readonly label: string;
  readonly stem: string;
  readonly jobs: readonly { readonly part: BundlePart; readonly job: CaptureJob }[];
  fetchDump(): Promise<{ readonly bytes: Uint8Array; readonly url: URL }>;
}

export async function runBundleCapture(targetWord: string | undefined, flags: CaptureFlags): Promise<void> {
  if (flags.selector !== undefined)
    throw new UsageError('option --selector', 'not with bundle (one target per bundle)');
  if (targetWord === undefined) throw new UsageError('argument TARGET', 'missing (a URL or pod/NAME)');
  const seconds =
    flags.seconds === undefined
      ? DEFAULT_CPU_SECONDS
      : parseWholeNumber('--seconds', flags.seconds, 1, MAX_CPU_SECONDS);
  const target = parseCaptureTarget(targetWord, 'Profile', seconds);
  const plan =
    target.kind === 'url' ? urlPlan(target, targetWord, seconds, flags) : await podPlan(target, seconds, flags);
  const at = new Date();
  const dir = flags.output ?? `${plan.stem}.Bundle.${captureTimestamp(at)}`;
  process.stderr.write(`capturing Bundle of ${plan.label} over ${seconds} s\n`);
  const [outcomes, dump] = await Promise.all([
    Promise.all(plan.jobs.map(({ part, job }) => fetchPart(part, job))),
    // Checked to be a debug=2 dump, as the processor checks it; without it the bundle still stands.
    goroutineDumpOutcomeOf(plan.fetchDump()),
  ]);
  const kept = outcomes.filter((outcome) => 'fetched' in outcome);
  if (kept.length === 0) {
    const failed = outcomes.find((outcome) => 'error' in outcome && outcome.error !== undefined);
    if (failed !== undefined && 'error' in failed) throw failed.error;
    const reasons = outcomes.map((outcome) => `${outcome.part.profile}: ${'reason' in outcome ? outcome.reason : ''}`);
    throw new EmptyBundleError(plan.label, reasons);
  }
  await mkdir(dir, { recursive: true });
  for (const outcome of kept) await writeFile(path.join(dir, outcome.file), outcome.fetched.bytes, { flag: 'wx' });
  if ('dump' in dump) await writeFile(path.join(dir, DUMP_FILE), dump.dump, { flag: 'wx' });
  process.stdout.write(bundleReport(plan.label, dir, outcomes, seconds, dump));
  if (flags.open !== true) return;
  await openBundle(kept, { label: plan.label, dir, seconds, dump }, flags);
}

async function fetchPart(part: BundlePart, job: CaptureJob): Promise<PartOutcome> {
  try {
    const fetched = await job.fetch(() => undefined);
    if (fetched.profile.samples.count === 0) return { part, reason: 'empty: the profile has no samples' };
    return { part, fetched, file: `${part.profile}.pb.gz` };
  } catch (error) {
    return { part, reason: (error as Error).message, error };
  }
}

function urlPlan(
  target: CaptureTarget & { kind: 'url' },
  word: string,
  seconds: number,
  flags: CaptureFlags,
): BundlePlan {
  for (const flag of ['namespace', 'port', 'scheme', 'kubeconfig', 'context'] as const) {
    if (flags[flag] !== undefined)
      throw new UsageError(`option --${flag}`, 'only for a pod/NAME target (the target is a URL)');
  }
  const jobs = BUNDLE_PARTS.map((part) => {
    const delta = part.window === 'delta' ? seconds : undefined;
    let url: URL;
    try {
      url = buildProfileUrl(target.source, part.type, seconds, delta);
    } catch (error) {
      if (!(error instanceof SourceUrlError)) throw error;
      throw new UsageError(
        `argument TARGET ${JSON.stringify(word)}`,
        `a bundle needs the program's base URL: ${error.reason}`,
      );
    }
    return { part, job: urlCaptureJob(url, part.type, seconds, delta) };
  });
  const dumpUrl = buildProfileUrl(target.source, 'Goroutine', seconds);
  dumpUrl.searchParams.set('debug', '2');
  return {
    label: target.url.origin,
    stem: urlFileStem(target.url),
    jobs,
    fetchDump: async () => ({
      bytes: await fetchProfileBytes({
        url: dumpUrl,
        timeoutMs: captureTimeoutMs('Goroutine', seconds),
        maxProfileBytes: DEFAULT_MAX_PROFILE_BYTES,
      }),
      url: dumpUrl,
    }),
  };
}

async function podPlan(
  target: CaptureTarget & { kind: 'pod' },
  seconds: number,
  flags: CaptureFlags,
): Promise<BundlePlan> {
  const { access, namespace } = await podAccess(flags);
  const pod = { namespace, name: target.name, ...podPort(flags) };
  const jobs = BUNDLE_PARTS.map((part) => ({
    part,
    job: podCaptureJob(access, pod, part.type, seconds, part.window === 'delta' ? seconds : undefined),
  }));
  return {
    label: `pod ${namespace}/${target.name}`,
    stem: `${namespace}.${target.name}`,
    jobs,
    fetchDump: () => fetchPodProfile(access, pod, { type: 'Goroutine', debug: 2 }),
  };
}

/**
 * `Saved bundle of LABEL in DIR`, then one line per profile: its file and totals, or its reason;
 * and, when the goroutine dump could not be saved, why.
 */
export function bundleReport(
  label: string,
  dir: string,
  outcomes: readonly PartOutcome[],
  seconds: number,
  dump?: GoroutineDumpOutcome,
): string {
  const lines = [`Saved bundle of ${label} over ${seconds} s in ${dir}`];
  for (const outcome of outcomes) {
    const name = outcome.part.profile.padEnd(12);
    if (!('fetched' in outcome)) {
      lines.push(`  ${name} not saved: ${outcome.reason}`);
      continue;
    }
    const { profile, deltaMethod } = outcome.fetched;
    const totals = computeSampleTotals(profile)
      .map((total, i) => `${profile.sampleTypes[i]!.type} ${formatValueLabel(total, profile.sampleTypes[i]!.unit)}`)
      .join(', ');
    const delta = deltaMethod === undefined ? '' : deltaMethod === 'go' ? ', delta' : ', delta of two snapshots';
    lines.push(`  ${name} ${outcome.file.padEnd(20)} ${profile.samples.count} samples${delta}: ${totals}`);
  }
  if (dump !== undefined && 'reason' in dump) lines.push(`  goroutine dump not saved: ${dump.reason}`);
  return `${lines.join('\n')}\n`;
}

/** `--open`: one viewer, the first kept profile at its root, every one under /profile/NAME/. */
async function openBundle(
  kept: readonly PartOutcome[],
  saved: {
    readonly label: string;
    readonly dir: string;
    readonly seconds: number;
    readonly dump: GoroutineDumpOutcome;
  },
  flags: CaptureFlags,
): Promise<void> {
  // The goroutine profile's Goroutines view: the dump saved beside, or why there is none.
  const dumpFacts =
    'dump' in saved.dump
      ? { goroutineDump: path.resolve(saved.dir, DUMP_FILE) }
      : { goroutineDumpError: saved.dump.reason };
  const profiles: BundleProfileCapture[] = kept.flatMap((outcome) => {
    if (!('fetched' in outcome)) return [];
    const capture: DecodedCapture = {
      profile: outcome.fetched.profile,
      rawBytes: outcome.fetched.bytes,
      file: path.join(saved.dir, outcome.file),
      type: outcome.part.type,
      source: saved.label,
      capturedAt: new Date(),
      ...(outcome.fetched.deltaMethod === undefined
        ? {}
        : { window: { seconds: saved.seconds, method: outcome.fetched.deltaMethod } }),
      ...(outcome.part.type === 'Goroutine' ? dumpFacts : {}),
    };
    return [{ name: outcome.part.profile, capture }];
  });
  const first = profiles[0]!.capture as DecodedCapture;
  await serveViewer(
    { ...first, file: path.basename(first.file), profiles },
    {
      listen: flags.listen,
      browser: flags.browser,
      query: '',
      ...(flags.settings === undefined ? {} : { settings: flags.settings }),
    },
  );
}
