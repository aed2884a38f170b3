// The processor's Prometheus metrics (SPEC §6), one registry per processor so that several in one
// process (the tests) count apart: captures and their durations, live sessions and the bytes
// they hold, the data root's bytes, viewer requests by route; Node's process metrics beside them.

import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PROFILE_TYPES } from '../fetch/index.js';
import type { CaptureType } from './capture-request.js';
import type { SessionManager } from '../session/index.js';
import type { DataRootUsage } from './data-root-usage.js';

/**
 * Seconds: fine steps for the non-CPU profiles (a heap takes milliseconds to a few seconds), then
 * steps around the default 30 s CPU profile (30 s plus the capture's own time), up to the longest
 * CPU capture there can be (MAX_CPU_SECONDS plus CPU_FETCH_MARGIN_SECONDS).
 */
export const CAPTURE_DURATION_BUCKETS_SECONDS = [
  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 31, 32.5, 35, 45, 60, 120, 300, 615,
] as const;

const CAPTURE_RESULTS = ['success', 'failure'] as const;

/** The `route` of a viewer request no route matched: its URL never becomes a label. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Where the processor's port serves the metrics (a probe route: its requests are logged at debug). */
export const METRICS_PATH = '/metrics';

export interface ProcessorMetricsSources {
  readonly sessions: Pick<SessionManager, 'size' | 'heldBytes'>;
  readonly dataRootUsage: Pick<DataRootUsage, 'bytes' | 'refresh' | 'add'>;
}

export class ProcessorMetrics {
  /** This processor's metrics and the process's (shared by every processor in the process). */
  readonly registry: Registry;
  readonly #sources: ProcessorMetricsSources;
  readonly #captures: Counter<'type' | 'result'>;
  readonly #captureSeconds: Histogram<'type'>;
  readonly #viewerRequests: Counter<'route' | 'code'>;

  constructor(sources: ProcessorMetricsSources) {
    this.#sources = sources;
    const own = new Registry();
    this.#captures = new Counter({
      name: 'go_profiler_captures_total',
      help: 'Captures by profile type (canonical name) and result (success or failure)',
      labelNames: ['type', 'result'],
      registers: [own],
    });
    this.#captureSeconds = new Histogram({
      name: 'go_profiler_capture_duration_seconds',
      help: 'Time a capture took from its parsed request to its answer or failure (check, fetch, decode, store, viewer)',
      labelNames: ['type'],
      buckets: [...CAPTURE_DURATION_BUCKETS_SECONDS],
      registers: [own],
    });
    new Gauge({
      name: 'go_profiler_sessions',
      help: 'Live viewer sessions',
      registers: [own],
      collect() {
        this.set(sources.sessions.size);
      },
    });
    new Gauge({
      name: 'go_profiler_session_bytes',
      help: 'Decoded-profile bytes held by live sessions and claimed by sessions being opened',
      registers: [own],
      collect() {
        this.set(sources.sessions.heldBytes);
      },
    });
    new Gauge({
      name: 'go_profiler_data_root_bytes',
      help: "Bytes of the files under the data root's captures folder, measured after each change",
      registers: [own],
      collect() {
        this.set(sources.dataRootUsage.bytes);
      },
    });
    this.#viewerRequests = new Counter({
      name: 'go_profiler_viewer_requests_total',
      help: `Viewer requests by route pattern ("${UNMATCHED_ROUTE}" when none matched) and status code`,
      labelNames: ['route', 'code'],
      registers: [own],
    });
    // Every series of a type exists from the start: `increase()` misses a counter born at 1.
    for (const type of [...PROFILE_TYPES, 'Bundle']) {
      for (const result of CAPTURE_RESULTS) this.#captures.inc({ type, result }, 0);
      this.#captureSeconds.zero({ type });
    }
    this.registry = Registry.merge([processRegistry(), own]);
  }

  /**
   * A file of `bytes` was written after a capture's answer (its offline report): added to the
   * data root's size, not measured again (a walk of every capture folder per report).
   */
  dataRootGrew(bytes: number): void {
    void this.#sources.dataRootUsage.add(bytes);
  }

  /**
   * Runs one capture and counts it by `type` and outcome, with its duration; after a success the
   * data root is measured again (in the background).
   */
  async observeCapture<T>(type: CaptureType, capture: () => Promise<T>): Promise<T> {
    const startedAt = performance.now();
    const done = (result: (typeof CAPTURE_RESULTS)[number]) => {
      this.#captures.inc({ type, result });
      this.#captureSeconds.observe({ type }, (performance.now() - startedAt) / 1000);
    };
    let outcome: T;
    try {
      outcome = await capture();
    } catch (error) {
      done('failure');
      throw error;
    }
    done('success');
    void this.#sources.dataRootUsage.refresh();
    return outcome;
  }

  /** Counts one viewer answer; `route` is the matched route's pattern, never a request's URL. */
  countViewerRequest(route: string | undefined, statusCode: number): void {
    this.#viewerRequests.inc({ route: route ?? UNMATCHED_ROUTE, code: String(statusCode) });
  }

  /** The exposition: every value is at hand (gauges read counters kept elsewhere), nothing is walked. */
  async render(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}

/** Runs `capture`, counted by `metrics` when there are metrics (an app built without them counts nothing). */
export function observeCapture<T>(
  metrics: ProcessorMetrics | undefined,
  type: CaptureType,
  capture: () => Promise<T>,
): Promise<T> {
  return metrics === undefined ? capture() : metrics.observeCapture(type, capture);
}

/** `GET /metrics` on the processor's app. */
export function registerMetricsRoute(app: FastifyInstance, metrics: ProcessorMetrics): void {
  app.get(METRICS_PATH, async (_request, reply) => {
    const { contentType, text } = await metrics.render();
    return reply.type(contentType).send(text);
  });
}

let sharedProcessRegistry: Registry | undefined;

/** Node's process metrics, collected once per process: they describe the process, not one processor. */
function processRegistry(): Registry {
  if (sharedProcessRegistry === undefined) {
    sharedProcessRegistry = new Registry();
    collectDefaultMetrics({ register: sharedProcessRegistry });
  }
  return sharedProcessRegistry;
}
