// How the processor logs: pino's options for JSON lines a log pipeline reads without a mapping
// (`level` a word, `time` ISO 8601), probe requests (/healthz, /readyz, /metrics) down to debug,
// and the fields every log line of a capture carries (diagnosis, pod, type).

import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { CaptureRequest } from './capture-request.js';
import { METRICS_PATH } from './processor-metrics.js';

/** Routes a kubelet or Prometheus asks every few seconds: at info they would bury everything else. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', METRICS_PATH]);

/** `{"level":"info","time":"2026-11-25T09:30:00.000Z","name":"go-profiler",...}` */
export function processorLoggerOptions(level: string): LoggerOptions {
  return {
    name: 'go-profiler',
    level,
    formatters: { level: (label) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

/** The processor's logger at `level` (`GO_PROFILER_LOG_LEVEL`), to stdout unless told otherwise. */
export function createProcessorLogger(level: string, destination?: DestinationStream): Logger {
  const options = processorLoggerOptions(level);
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** Fields of a capture's log lines: `diagnosis` and `pod` as `namespace/name`, `type` canonical. */
export function captureLogFields(request: Pick<CaptureRequest, 'diagnosis' | 'pod' | 'type'>): Record<string, string> {
  const { diagnosis, pod, type } = request;
  return {
    diagnosis: `${diagnosis.namespace}/${diagnosis.name}`,
    ...(pod === undefined ? {} : { pod: `${pod.namespace}/${pod.name}` }),
    type,
  };
}

/** Fastify's request lines ("incoming request", "request completed"), at debug for probe routes. */
export class ProbeQuietLogController extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (!isProbe(request)) super.incomingRequest(request, reply, metadata);
    else if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ): void {
    // A failed probe (a data root that is no longer writable) stays as loud as any failure.
    if (!isProbe(request) || error || reply.statusCode >= 400) super.requestCompleted(error, request, reply, metadata);
    else if (!this.isLogDisabled(request)) {
      reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  }
}

function isProbe(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return route !== undefined && PROBE_PATHS.has(route);
}
