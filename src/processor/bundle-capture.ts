// A Bundle capture (issue 10): every profile of one target over one window in one request. The
// CPU profile and the deltas run side by side for the window while the snapshots (heap, goroutine
// and its debug=2 dump, threadcreate) are taken; each profile is kept or listed with its reason;
// one folder, one sidecar, one viewer session with a profile switcher.

import type { ResolvedAddress } from '../fetch/index.js';
import type { SessionInfo } from '../session/index.js';
import { saveBundle, type BundleEntry, type CaptureRecord } from '../store/index.js';
import { captureNamespace } from '../web/capture-namespace.js';
import { createViewerToken } from '../web/viewer-guards.js';
import type { BundleProfileCapture, ViewerCapture } from '../web/viewer-server.js';
import type { AdmittedCapture } from './capture-admission.js';
import { checkCaptureTarget } from './capture-fetch.js';
import { fetchGoroutineDumpOutcome, type GoroutineDumpOutcome } from './goroutine-dump-fetch.js';
import {
  CPU_FETCH_MARGIN_SECONDS,
  answerBase,
  decodeOptionsOf,
  goroutineDumpErrorOf,
  stopwatch,
  viewerStarter,
  type CaptureControl,
  type CaptureDependencies,
  type CaptureOutcome,
} from './capture-profile.js';
import type { CaptureRequest } from './capture-request.js';
import {
  BUNDLE_PARTS,
  EmptyBundleError,
  fetchPart,
  isFetched,
  type FetchedPart,
  type MissingPart,
} from './bundle-parts.js';
import { startCaptureReport, type CaptureReportProfile } from './capture-report-job.js';
import { bundleEntriesOf, bundleResult, entryDumpFacts, entryViewFacts } from './bundle-result.js';
import { RESULT_PREFIX } from './request-keys.js';

/** Where the goroutine dump goes beside a bundle's profiles. */
const DUMP_SUFFIX = 'goroutine.debug2.txt';

export async function captureBundle(
  request: CaptureRequest,
  deps: CaptureDependencies,
  control: CaptureControl = {},
): Promise<CaptureOutcome> {
  const address = await checkCaptureTarget(request, deps);
  const seconds = request.bundleSeconds ?? 30;
  const timeoutSeconds = seconds + CPU_FETCH_MARGIN_SECONDS;
  const admitted = deps.admission.admit(timeoutSeconds * 1000);
  try {
    return await runBundle(request, deps, { admitted, address, seconds, timeoutSeconds, signal: control.signal });
  } finally {
    admitted.release();
  }
}

interface BundleRun {
  readonly admitted: AdmittedCapture;
  readonly address: ResolvedAddress | undefined;
  readonly seconds: number;
  readonly timeoutSeconds: number;
  readonly signal: AbortSignal | undefined;
}

interface FetchedBundle {
  readonly kept: readonly FetchedPart[];
  readonly missing: readonly MissingPart[];
  /** The goroutine dump, or why there is none. */
  readonly dump: GoroutineDumpOutcome;
  readonly capturedAt: Date;
}

async function runBundle(request: CaptureRequest, deps: CaptureDependencies, run: BundleRun): Promise<CaptureOutcome> {
  const requestedAt = new Date(deps.clock.now());
  const lap = stopwatch();
  const fetched = await fetchBundle(request, deps, run);
  const fetchMs = lap();
  const closeAll = async (error: unknown): Promise<never> => {
    await Promise.all(fetched.kept.map((part) => part.opened.close()));
    throw error;
  };
  try {
    run.admitted.session.claimBytes(fetched.kept.reduce((sum, part) => sum + part.opened.summary.decodedBytes, 0));
    run.signal?.throwIfAborted();
  } catch (error) {
    await closeAll(error);
  }
  const record = await storeBundle(request, deps, fetched, requestedAt, run.seconds).catch(closeAll);
  const storeMs = lap();
  const { session, token } = await openBundleSession(request, deps, run, fetched, record).catch(closeAll);
  const viewerMs = lap();
  deps.afterCapture?.();
  const result: Record<string, string> = {
    ...answerBase(request, deps, { session, token }, record.file),
    ...bundleResult(record),
  };
  const report = startCaptureReport(deps, record, bundleReportProfiles(request, record), decodeOptionsOf(deps.trust));
  if (report !== undefined) result[`${RESULT_PREFIX}report`] = report.file;
  return {
    result,
    record,
    session,
    ...(report === undefined ? {} : { report: report.written }),
    timingsMs: { fetch: fetchMs, decode: 0, store: storeMs, viewer: viewerMs },
  };
}

/** The report's profiles: every kept one, named as the switcher names it, with its own advice. */
function bundleReportProfiles(request: CaptureRequest, record: CaptureRecord): CaptureReportProfile[] {
  return (record.bundle ?? []).flatMap((entry) =>
    entry.file === undefined
      ? []
      : [
          {
            file: entry.file,
            name: entry.profile,
            type: entry.type,
            source: request.source,
            capturedAt: record.capturedAt,
            advice: entry.advice ?? [],
          },
        ],
  );
}

/** Every part at once (the window's side by side, the snapshots meanwhile), and the goroutine dump. */
async function fetchBundle(request: CaptureRequest, deps: CaptureDependencies, run: BundleRun): Promise<FetchedBundle> {
  const decodeOptions = decodeOptionsOf(deps.trust);
  const limits = {
    timeoutMs: run.timeoutSeconds * 1000,
    maxProfileBytes: deps.trust.maxProfileBytes,
    signal: run.signal,
    decodeOptions,
  };
  const fetch = { request, deps, address: run.address, limits, decodeOptions, seconds: run.seconds };
  const [outcomes, dump] = await Promise.all([
    Promise.all(BUNDLE_PARTS.map((part) => fetchPart(part, fetch))),
    // The dump is for the goroutine analyser: without it the bundle still stands, and says why.
    fetchGoroutineDumpOutcome(request, deps, run.address, limits),
  ]);
  const kept = outcomes.filter(isFetched);
  const missing = outcomes.filter((outcome): outcome is MissingPart => !isFetched(outcome));
  if (kept.length === 0) {
    // Nothing to show: the first failure is the answer (a refused target, an unreachable pod...).
    const failed = missing.find((part) => part.error !== undefined);
    throw (
      failed?.error ??
      new EmptyBundleError(
        request.source,
        missing.map((part) => `${part.part.profile}: ${part.reason}`),
      )
    );
  }
  return { kept, missing, dump, capturedAt: new Date(deps.clock.now()) };
}

async function storeBundle(
  request: CaptureRequest,
  deps: CaptureDependencies,
  fetched: FetchedBundle,
  requestedAt: Date,
  seconds: number,
): Promise<CaptureRecord> {
  const files = [
    ...fetched.kept.map((part) => ({ suffix: `${part.part.profile}.prof`, data: part.bytes })),
    ...('dump' in fetched.dump ? [{ suffix: DUMP_SUFFIX, data: fetched.dump.dump }] : []),
  ];
  const podProxy = fetched.kept.find((part) => part.podProxy !== undefined)?.podProxy;
  const first = fetched.kept[0]!;
  return saveBundle(deps.dataRoot, {
    path: {
      capturedAt: fetched.capturedAt,
      type: 'Bundle',
      diagnosisNamespace: request.diagnosis.namespace,
      diagnosisName: request.diagnosis.name,
      ...(request.pod === undefined ? {} : { pod: request.pod }),
    },
    files,
    record: (fileOf) => {
      const bundle: BundleEntry[] = bundleEntriesOf(fetched.kept, fetched.missing, fileOf, seconds);
      return {
        source: request.source,
        url: (request.url ?? first.url).toString(),
        type: 'Bundle',
        requestedAt: requestedAt.toISOString(),
        capturedAt: fetched.capturedAt.toISOString(),
        cpuSeconds: seconds,
        sampleTypes: [],
        sampleCount: fetched.kept.reduce((sum, part) => sum + part.opened.summary.sampleCount, 0),
        bundle,
        ...('dump' in fetched.dump ? { goroutineDump: fileOf(DUMP_SUFFIX) } : goroutineDumpErrorOf(fetched.dump)),
        ...(request.pod === undefined
          ? {}
          : {
              pod: {
                ...request.pod,
                ...(request.node === undefined ? {} : { node: request.node }),
                ...podProxy,
              },
            }),
        diagnosis: request.diagnosis,
      };
    },
  });
}

/** One session: the first kept profile at the root, every kept one under `/profile/NAME/`. */
async function openBundleSession(
  request: CaptureRequest,
  deps: CaptureDependencies,
  run: BundleRun,
  fetched: FetchedBundle,
  record: CaptureRecord,
): Promise<{ session: SessionInfo; token: string | undefined }> {
  const decodeOptions = decodeOptionsOf(deps.trust);
  const namespace = captureNamespace(record);
  const profiles: BundleProfileCapture[] = fetched.kept.map((part) => {
    const entry = record.bundle!.find((candidate) => candidate.profile === part.part.profile)!;
    const facts = {
      file: entry.file!,
      type: part.part.type,
      source: request.source,
      capturedAt: fetched.capturedAt,
      dataRoot: deps.dataRoot,
      namespace,
      decodeOptions,
      ...entryViewFacts(entry),
      ...entryDumpFacts(record, entry),
    };
    return { name: part.part.profile, capture: { ...facts, service: part.opened.serve(facts), rawBytes: part.bytes } };
  });
  const capture: ViewerCapture = { ...profiles[0]!.capture, profiles };
  const token = deps.trust.viewerAuth === 'token' ? createViewerToken() : undefined;
  const startViewer = viewerStarter(deps, capture, token, request.expirationSeconds, record.file);
  run.signal?.throwIfAborted();
  const session = await run.admitted.session.open(startViewer, request.expirationSeconds, record.file);
  await deps.journal?.recordOpened(session, { token, decodeOptions });
  return { session, token };
}
