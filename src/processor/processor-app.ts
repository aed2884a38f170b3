// The processor's HTTP routes, built without a port (tests `inject()` them): POST
// /processor/goProfiler, 405 for every other method there, /healthz and /readyz, and JSON errors
// everywhere. What a web page could send is refused before the body is read (request-guard.ts).

import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { slowClientServerOptions } from '../session/index.js';
import { hiddenPathsOf, hidePaths } from '../web/hidden-paths.js';
import { CaptureAbandonedError } from './capture-abandoned-error.js';
import { captureProfile, type CaptureDependencies } from './capture-profile.js';
import { isProfileCaptureRequest, parseCaptureRequest } from './capture-request.js';
import { captureBundle } from './bundle-capture.js';
import { checkDataRootReady } from './data-root-check.js';
import { toErrorResponse } from './error-response.js';
import { MAX_REQUEST_BODY_BYTES, PROCESSOR_PATH } from './processor-limits.js';
import { captureLogFields, ProbeQuietLogController } from './processor-logging.js';
import { observeCapture, registerMetricsRoute, type ProcessorMetrics } from './processor-metrics.js';
import { parseJsonBody } from './request-body.js';
import { checkProcessorPost } from './request-guard.js';

export interface ProcessorAppOptions extends CaptureDependencies {
  /** CPU profile length when a request gives none (`--default-cpu-seconds`). */
  readonly defaultCpuSeconds: number;
  /** The address the API listens on: a browser page served there would be the processor's own origin. */
  readonly listenHost?: string;
  /** A request's headers and body must arrive within this (408 after); default SLOW_CLIENT_TIMEOUT_MS. */
  readonly slowClientTimeoutMs?: number;
  /** A pino logger; omitted = no logs. */
  readonly logger?: FastifyBaseLogger;
  /** Counts captures and serves `GET /metrics`; omitted = neither. */
  readonly metrics?: ProcessorMetrics;
}

export function buildProcessorApp(options: ProcessorAppOptions): FastifyInstance {
  const app = Fastify({
    ...(options.logger === undefined ? { logger: false } : { loggerInstance: options.logger }),
    logController: new ProbeQuietLogController(),
    ...slowClientServerOptions(options.slowClientTimeoutMs),
    bodyLimit: MAX_REQUEST_BODY_BYTES,
    // Closing the processor must not wait for idle keep-alive connections.
    forceCloseConnections: 'idle',
  });

  // Executors send JSON with no content type: read every body as bytes, decode it here. Other
  // content types never get this far (checkProcessorPost answers 415 first).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const ownHosts = [options.advertiseAddress, ...(options.listenHost === undefined ? [] : [options.listenHost])];
  app.post(
    PROCESSOR_PATH,
    {
      onRequest: async (request) =>
        checkProcessorPost(request.headers, { hosts: ownHosts, port: request.socket.localPort ?? 0 }),
    },
    async (request, reply) => {
      const captureRequest = parseCaptureRequest(parseJsonBody(request.body), {
        cpuSeconds: options.defaultCpuSeconds,
      });
      // Every later line of this request (its failure too) says which capture it is about.
      request.log = request.log.child(captureLogFields(captureRequest));
      request.log.info({ source: captureRequest.source, secret: captureRequest.secret }, 'capturing profile');
      // A caller that hangs up before its answer abandons the capture (SPEC §5).
      const hangUp = new AbortController();
      const abandon = () =>
        hangUp.abort(new CaptureAbandonedError(captureRequest.url?.toString() ?? captureRequest.source));
      if (request.raw.socket.destroyed) abandon();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) abandon();
      });
      const { result, record, session, timingsMs, report } = await observeCapture(
        options.metrics,
        captureRequest.type,
        () =>
          isProfileCaptureRequest(captureRequest)
            ? captureProfile(captureRequest, options, { signal: hangUp.signal })
            : captureBundle(captureRequest, options, { signal: hangUp.signal }),
      );
      request.log.info(
        { file: record.file, port: session.port, expiresAt: new Date(session.expiresAtMs).toISOString(), timingsMs },
        'viewer opened',
      );
      const log = request.log;
      // The capture stands without its goroutine dump; the log says why, as the sidecar does.
      if (record.goroutineDumpError !== undefined) {
        log.warn({ file: record.file, reason: record.goroutineDumpError }, 'goroutine dump not stored');
      }
      report?.then(
        ({ file, bytes }) => {
          options.metrics?.dataRootGrew(bytes);
          log.info({ report: file }, 'offline report written');
        },
        (error: unknown) => log.warn({ err: error }, 'offline report not written'),
      );
      return reply.code(200).send(result);
    },
  );

  const otherMethods = app.supportedMethods.filter((method) => method !== 'POST' && method !== 'HEAD');
  app.route({
    method: otherMethods,
    url: PROCESSOR_PATH,
    handler: async (request, reply) =>
      reply
        .code(405)
        .header('allow', 'POST')
        .send({ error: `${request.method} ${PROCESSOR_PATH}: method not allowed (use POST)` }),
  });

  app.get('/healthz', async () => 'ok\n');
  app.get('/readyz', async () => {
    await checkDataRootReady(options.dataRoot);
    return 'ok\n';
  });

  if (options.metrics !== undefined) registerMetricsRoute(app, options.metrics);

  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send({ error: `${request.method} ${request.url}: not found (the API is POST ${PROCESSOR_PATH})` }),
  );

  // Answers name no path of this machine (SPEC §5); the log keeps the whole message.
  const hiddenPaths = hiddenPathsOf({ dataRoot: options.dataRoot });
  app.setErrorHandler(async (error, request, reply) => {
    const response = toErrorResponse(error);
    if (error instanceof CaptureAbandonedError) {
      request.log.warn(
        { error: response.body.error },
        'capture abandoned: the caller disconnected before its answer; no viewer started',
      );
    } else if (response.expected) {
      request.log.warn({ status: response.statusCode, error: response.body.error }, 'request failed');
    } else request.log.error({ err: error }, 'request failed unexpectedly');
    const body = { ...response.body, error: hidePaths(response.body.error, hiddenPaths) };
    return reply.code(response.statusCode).headers(response.headers).send(body);
  });

  return app;
}
