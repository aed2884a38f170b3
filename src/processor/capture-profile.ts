// One capture, end to end: check the target, read the Secret, fetch and validate the profile,
// store it, open its viewer session, and build the answer KubeDiag records.

import { profileFetchError, type ResolvedAddress } from '../fetch/index.js';
import type { DecodeOptions } from '../pprof/index.js';
import type { Clock, SessionInfo, SessionManager, SessionServer } from '../session/index.js';
import path from 'node:path';
import { saveCapture, type CaptureRecord } from '../store/index.js';
import type { OfflineReportWriter } from '../web/report/offline-report-writer.js';
import { captureNamespace } from '../web/capture-namespace.js';
import { startCaptureReport, type WrittenCaptureReport } from './capture-report-job.js';
import type { DecodedProfileSummary } from '../web/query-pool-messages.js';
import type { OpenedProfile, QueryPool } from '../web/query-pool.js';
import { createViewerToken } from '../web/viewer-guards.js';
import { ViewerPortsExhaustedError } from '../web/viewer-ports.js';
import type { ViewerCapture } from '../web/viewer-server.js';
import type { CaptureRequest, ProfileCaptureRequest } from './capture-request.js';
import {
  checkCaptureTarget,
  fetchCaptureBytes,
  type CaptureFetchDependencies,
  type CaptureFetchLimits,
  type PodProxyFacts,
} from './capture-fetch.js';
import { formatEndpointSentence } from './endpoint-sentence.js';
import type { DeltaMethod } from './delta-profile.js';
import { captureWindowOf, deltaFacts, deltaResult } from './delta-window.js';
import type { SessionJournal } from './session-journal.js';
import { RESULT_PREFIX } from './request-keys.js';
import { ViewerPortsBusyError, ViewerStartError } from './viewer-start-error.js';
import type { AdmittedCapture, CaptureAdmission } from './capture-admission.js';
import { DECOMPRESSED_PROFILE_FACTOR, type TrustSettings } from './processor-limits.js';
import { adviceResult, captureAdvice } from './capture-advice.js';
import { fetchGoroutineDumpOutcome, type GoroutineDumpOutcome } from './goroutine-dump-fetch.js';

/**
 * Starts a viewer for one capture on `host` (web/'s startViewerServer), asking for `token` when
 * given (`--viewer-auth token`), on `preferredPort` when free (a restored session's old port).
 */
export type StartViewer = (
  capture: ViewerCapture,
  host: string,
  token: string | undefined,
  preferredPort?: number,
) => Promise<SessionServer>;

/** When no viewer is live to free a port, how long a caller waits before asking again. */
const NO_SESSION_RETRY_AFTER_SECONDS = 60;

export interface CaptureDependencies extends CaptureFetchDependencies {
  readonly dataRoot: string;
  /** Where viewers bind and what the sentence names. */
  readonly advertiseAddress: string;
  readonly sessions: SessionManager;
  readonly clock: Clock;
  readonly startViewer: StartViewer;
  /** Time limit for non-CPU profiles; CPU profiles get their seconds plus CPU_FETCH_MARGIN_SECONDS. */
  readonly fetchTimeoutSeconds: number;
  /** SPEC §5's bounds and trust settings. */
  readonly trust: TrustSettings;
  /** Captures in flight and session places: a capture is admitted before anything is fetched. */
  readonly admission: CaptureAdmission;
  /** Called once a capture's session is live: the after-capture sweep of `--retention`. */
  readonly afterCapture?: () => void;
  /** Where captures are decoded and their viewers' queries run, off the processor's event loop. */
  readonly queryPool: QueryPool;
  /** Records each session for the next start (SPEC §6); none, sessions end with the process. */
  readonly journal?: SessionJournal;
  /** Writes each capture's offline report beside it (`<stem>.report.html`); none, no report. */
  readonly reports?: OfflineReportWriter;
}

/** What the Go side needs beyond the profile's own seconds: start-up, gzip, transfer. */
export const CPU_FETCH_MARGIN_SECONDS = 15;

export interface CaptureOutcome {
  /** The answer: string values only. */
  readonly result: Readonly<Record<string, string>>;
  readonly record: CaptureRecord;
  readonly session: SessionInfo;
  /**
   * Settles once the offline report is written and the sidecar names it (its path relative to the
   * data root), or with why not; the answer does not wait for it. Absent without `reports`.
   */
  readonly report?: Promise<WrittenCaptureReport>;
  /** Milliseconds spent per step (monotonic clock), for logs and benchmarks. */
  readonly timingsMs: {
    readonly fetch: number;
    readonly decode: number;
    readonly store: number;
    readonly viewer: number;
  };
}

export interface CaptureControl {
  /** Aborted when the caller hangs up: the fetch stops, nothing is stored, no viewer starts. */
  readonly signal?: AbortSignal;
}

export async function captureProfile(
  request: ProfileCaptureRequest,
  deps: CaptureDependencies,
  control: CaptureControl = {},
): Promise<CaptureOutcome> {
  // SPEC §5 "Refusals": the source's addresses and the Secret's namespace before the Secret is
  // read, its owner's consent before its token is used; the fetch connects to the checked address.
  const address = await checkCaptureTarget(request, deps);
  const timeoutSeconds = captureTimeoutSeconds(request, deps);
  const admitted = deps.admission.admit(timeoutSeconds * 1000);
  try {
    return await runCapture(request, deps, { admitted, address, timeoutSeconds, signal: control.signal });
  } finally {
    admitted.release();
  }
}

/** A CPU profile or a delta: its window plus CPU_FETCH_MARGIN_SECONDS; a snapshot, the fetch time limit. */
function captureTimeoutSeconds(request: ProfileCaptureRequest, deps: CaptureDependencies): number {
  const windowSeconds = request.cpuSeconds ?? request.deltaSeconds;
  return windowSeconds === undefined ? deps.fetchTimeoutSeconds : windowSeconds + CPU_FETCH_MARGIN_SECONDS;
}

interface AdmittedRun {
  readonly admitted: AdmittedCapture;
  /** The source's checked address; none for a pod reference (the API server connects). */
  readonly address: ResolvedAddress | undefined;
  readonly timeoutSeconds: number;
  readonly signal: AbortSignal | undefined;
}

async function runCapture(
  request: ProfileCaptureRequest,
  deps: CaptureDependencies,
  run: AdmittedRun,
): Promise<CaptureOutcome> {
  const requestedAt = new Date(deps.clock.now());
  const fetched = await fetchAndDecode(request, deps, run);
  const lap = stopwatch();
  const record = await saveCapture(deps.dataRoot, {
    bytes: fetched.bytes,
    path: {
      capturedAt: fetched.capturedAt,
      type: request.type,
      diagnosisNamespace: request.diagnosis.namespace,
      diagnosisName: request.diagnosis.name,
      ...(request.pod === undefined ? {} : { pod: request.pod }),
    },
    record: captureRecordOf(request, fetched, requestedAt),
    ...(fetched.goroutineDump !== undefined && 'dump' in fetched.goroutineDump
      ? { goroutineDump: fetched.goroutineDump.dump }
      : {}),
  }).catch(closing(fetched.opened));
  const storeMs = lap();
  // Written in a worker of its own while the viewer opens; the answer names where it will be.
  const report = startCaptureReport(
    deps,
    record,
    [
      {
        file: record.file,
        name: path.basename(record.file),
        type: request.type,
        source: request.source,
        capturedAt: record.capturedAt,
        advice: record.advice ?? [],
      },
    ],
    fetched.decodeOptions,
  );
  const { session, token } = await openViewerSession(request, deps, run, fetched, record);
  const viewerMs = lap();
  deps.afterCapture?.();
  const result: Record<string, string> = {
    ...answerBase(request, deps, { session, token }, record.file),
    ...summarizeTotals(fetched.opened.summary),
    ...adviceResult(record.advice ?? []),
    ...deltaResult(record),
    ...(report === undefined ? {} : { [`${RESULT_PREFIX}report`]: report.file }),
  };
  const { fetchMs, decodeMs } = fetched;
  return {
    result,
    record,
    session,
    ...(report === undefined ? {} : { report: report.written }),
    timingsMs: { fetch: fetchMs, decode: decodeMs, store: storeMs, viewer: viewerMs },
  };
}

/** A profile fetched, decoded in the query pool and counted against the budget. */
interface FetchedCapture {
  readonly bytes: Uint8Array;
  /** What was fetched (the source's profile URL, or the pod proxy's). */
  readonly url: URL;
  readonly podProxy?: PodProxyFacts;
  readonly deltaMethod?: DeltaMethod;
  /** A Goroutine capture's `debug=2` text, for the goroutine analyser, or why it could not be had. */
  readonly goroutineDump?: GoroutineDumpOutcome;
  readonly capturedAt: Date;
  readonly opened: OpenedProfile;
  readonly decodeOptions: Required<DecodeOptions>;
  readonly fetchMs: number;
  readonly decodeMs: number;
}

/** The Secret (with its owner's consent), the fetch, the decoding in a pool worker, the budget. */
async function fetchAndDecode(
  request: ProfileCaptureRequest,
  deps: CaptureDependencies,
  { admitted, address, timeoutSeconds, signal }: AdmittedRun,
): Promise<FetchedCapture> {
  const lap = stopwatch();
  const decodeOptions = decodeOptionsOf(deps.trust);
  const limits = {
    timeoutMs: timeoutSeconds * 1000,
    maxProfileBytes: deps.trust.maxProfileBytes,
    signal,
    decodeOptions,
  };
  const [{ bytes, url, podProxy, deltaMethod }, goroutineDump] = await Promise.all([
    fetchCaptureBytes(request, deps, address, limits),
    goroutineDumpOf(request, deps, address, limits),
  ]);
  const capturedAt = new Date(deps.clock.now());
  const fetchMs = lap();
  // Decoded in the query pool (a worker thread), where the session's queries will run.
  const opened = await deps.queryPool.open(bytes, decodeOptions).catch((error: unknown) => {
    throw profileFetchError(url, bytes, error);
  });
  const decodeMs = lap();
  try {
    // Refused before anything is stored: the profile would not fit in the decoded-profile budget.
    admitted.session.claimBytes(opened.summary.decodedBytes);
    signal?.throwIfAborted();
  } catch (error) {
    await opened.close();
    throw error;
  }
  return {
    bytes,
    url,
    ...(podProxy === undefined ? {} : { podProxy }),
    ...(deltaMethod === undefined ? {} : { deltaMethod }),
    ...(goroutineDump === undefined ? {} : { goroutineDump }),
    capturedAt,
    opened,
    decodeOptions,
    fetchMs,
    decodeMs,
  };
}

/** A Goroutine capture's `debug=2` dump beside it (issue 10); a failure costs only the dump, and says why. */
async function goroutineDumpOf(
  request: ProfileCaptureRequest,
  deps: CaptureDependencies,
  address: ResolvedAddress | undefined,
  limits: CaptureFetchLimits,
): Promise<GoroutineDumpOutcome | undefined> {
  if (request.type !== 'Goroutine') return undefined;
  return fetchGoroutineDumpOutcome(request, deps, address, limits);
}

/** The sidecar's facts (SPEC §1): source, type, times, sample types, pod, diagnosis. */
function captureRecordOf(request: ProfileCaptureRequest, fetched: FetchedCapture, requestedAt: Date) {
  const { summary } = fetched.opened;
  const advice = captureAdvice(request, summary);
  return {
    source: request.source,
    url: fetched.url.toString(),
    type: request.type,
    requestedAt: requestedAt.toISOString(),
    capturedAt: fetched.capturedAt.toISOString(),
    ...(request.cpuSeconds === undefined ? {} : { cpuSeconds: request.cpuSeconds }),
    ...deltaFacts(request.deltaSeconds, fetched.deltaMethod),
    sampleTypes: summary.sampleTypes.map(({ type, unit }) => ({ type, unit })),
    sampleCount: summary.sampleCount,
    ...(request.pod === undefined
      ? {}
      : {
          pod: {
            ...request.pod,
            ...(request.node === undefined ? {} : { node: request.node }),
            // Through the pod proxy: the port resolved and the scheme spoken.
            ...fetched.podProxy,
          },
        }),
    diagnosis: request.diagnosis,
    ...(advice.length === 0 ? {} : { advice }),
    ...goroutineDumpErrorOf(fetched.goroutineDump),
  };
}

/** The sidecar's `goroutineDumpError`: why a Goroutine capture or a bundle has no dump beside it. */
export function goroutineDumpErrorOf(outcome: GoroutineDumpOutcome | undefined): { goroutineDumpError?: string } {
  return outcome !== undefined && 'reason' in outcome ? { goroutineDumpError: outcome.reason } : {};
}

/** Serves the stored capture's queries and opens its viewer in the admitted session place. */
async function openViewerSession(
  request: ProfileCaptureRequest,
  deps: CaptureDependencies,
  { admitted, signal }: AdmittedRun,
  fetched: FetchedCapture,
  record: CaptureRecord,
): Promise<{ session: SessionInfo; token: string | undefined }> {
  const { opened } = fetched;
  const window = captureWindowOf(record);
  const facts = {
    file: record.file,
    type: request.type,
    ...(window === undefined ? {} : { window }),
    source: request.source,
    capturedAt: fetched.capturedAt,
    dataRoot: deps.dataRoot,
    namespace: captureNamespace(record),
    // Diff bases are decoded with the same caps.
    decodeOptions: fetched.decodeOptions,
    ...(record.advice === undefined ? {} : { advice: record.advice }),
    ...(record.goroutineDumpError === undefined ? {} : { goroutineDumpError: record.goroutineDumpError }),
  };
  const capture: ViewerCapture = {
    ...facts,
    service: opened.serve(facts, { budget: admitted.session }),
    rawBytes: fetched.bytes,
  };
  const token = deps.trust.viewerAuth === 'token' ? createViewerToken() : undefined;
  const startViewer = viewerStarter(deps, capture, token, request.expirationSeconds, record.file);
  if (signal?.aborted === true) await closing(opened)(signal.reason);
  const session = await admitted.session
    .open(startViewer, request.expirationSeconds, record.file)
    .catch(closing(opened));
  await deps.journal?.recordOpened(session, { token, decodeOptions: fetched.decodeOptions });
  return { session, token };
}

/**
 * Starts `capture`'s viewer when its session place opens, naming the failure: no free port (503
 * with when one frees), or another failure to start.
 */
export function viewerStarter(
  deps: CaptureDependencies,
  capture: ViewerCapture,
  token: string | undefined,
  expirationSeconds: number,
  file: string,
): () => Promise<SessionServer> {
  return async () => {
    try {
      // The session's timer starts once the server listens, a few milliseconds after this: the
      // countdown the viewer shows may reach zero that much before the port closes, never after.
      const expiresAt = new Date(deps.clock.now() + expirationSeconds * 1000);
      return await deps.startViewer({ ...capture, expiresAt }, deps.advertiseAddress, token);
    } catch (error) {
      if (error instanceof ViewerPortsExhaustedError) {
        throw new ViewerPortsBusyError(file, secondsUntilAPortFrees(deps), { cause: error });
      }
      throw new ViewerStartError(deps.advertiseAddress, file, { cause: error });
    }
  };
}

/** The keys every capture's answer starts with (a profile's or a bundle's): the sentence, the file, the session, the pod. */
export function answerBase(
  request: CaptureRequest,
  deps: CaptureDependencies,
  { session, token }: { readonly session: SessionInfo; readonly token: string | undefined },
  file: string,
): Record<string, string> {
  return {
    [`${RESULT_PREFIX}endpoint`]: formatEndpointSentence(
      deps.advertiseAddress,
      session.port,
      request.expirationSeconds,
      token,
    ),
    [`${RESULT_PREFIX}file`]: file,
    ...sessionSummary(request, session),
    ...(request.podProxy === undefined
      ? {}
      : { [`${RESULT_PREFIX}pod`]: `${request.pod.namespace}/${request.pod.name}` }),
  };
}

/** Milliseconds since the last call (the first: since creation), on the monotonic clock. */
export function stopwatch(): () => number {
  let mark = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = Math.round(now - mark);
    mark = now;
    return elapsed;
  };
}

/** Seconds until the earliest live viewer expires, freeing its port (SPEC §5: 503s say when to retry). */
function secondsUntilAPortFrees(deps: CaptureDependencies): number {
  const expiries = deps.sessions.list().map((session) => session.expiresAtMs);
  if (expiries.length === 0) return NO_SESSION_RETRY_AFTER_SECONDS;
  return Math.max(1, Math.ceil((Math.min(...expiries) - deps.clock.now()) / 1000));
}

/** Extra result keys: enough to judge a capture from the Diagnosis status alone. */
export function sessionSummary(request: CaptureRequest, session: SessionInfo): Record<string, string> {
  return {
    [`${RESULT_PREFIX}type`]: request.type,
    [`${RESULT_PREFIX}expires_at`]: new Date(session.expiresAtMs).toISOString(),
  };
}

/** The sample count and each sample type's total. */
function summarizeTotals(summary: DecodedProfileSummary): Record<string, string> {
  const totals: Record<string, string> = {
    [`${RESULT_PREFIX}samples`]: String(summary.sampleCount),
  };
  summary.sampleTypes.forEach((sampleType, column) => {
    totals[`${RESULT_PREFIX}total.${sampleType.type}`] = `${summary.totals[column]} ${sampleType.unit}`.trim();
  });
  return totals;
}

/** What pprof's decoder is told: the decompressed size cap and the stack depth cap (SPEC §5). */
export function decodeOptionsOf(trust: TrustSettings): Required<DecodeOptions> {
  return {
    maxDecompressedBytes: trust.maxProfileBytes * DECOMPRESSED_PROFILE_FACTOR,
    maxStackDepth: trust.maxStackDepth,
    // A capture is profile.proto (SPEC §2): a `?debug=1` text answer is refused by name.
    legacyFormats: false,
  };
}

/** A failed step after decoding frees the decoded profile (a viewer that opened closed it itself), then fails. */
function closing(opened: OpenedProfile): (error: unknown) => Promise<never> {
  return async (error) => {
    await opened.close();
    throw error;
  };
}
