// The processor's HTTP routes, built without a port (tests `inject()` them): POST
// /processor/goProfiler, 405 for every other method there, and JSON errors everywhere.

import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { captureProfile, type CaptureDependencies } from './capture-profile.js';
import { parseCaptureRequest } from './capture-request.js';
import { toErrorResponse } from './error-response.js';
import { InvalidRequestError } from './invalid-request-error.js';
import { PROCESSOR_PATH } from './processor-limits.js';

/** KubeDiag's requests are small JSON maps; its answers are capped at 2 MiB. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface ProcessorAppOptions extends CaptureDependencies {
  /** CPU profile length when a request gives none (`--default-cpu-seconds`). */
  readonly defaultCpuSeconds: number;
  /** A pino logger; omitted = no logs. */
  readonly logger?: FastifyBaseLogger;
}

export function buildProcessorApp(options: ProcessorAppOptions): FastifyInstance {
  const app = Fastify({
    ...(options.logger === undefined ? { logger: false } : { loggerInstance: options.logger }),
    bodyLimit: MAX_BODY_BYTES,
    // Closing the processor must not wait for idle keep-alive connections.
    forceCloseConnections: 'idle',
  });

  // Executors send JSON with varying content types (or none): read every body as text, parse it here.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post(PROCESSOR_PATH, async (request, reply) => {
    const body = parseJsonBody(request.body);
    const captureRequest = parseCaptureRequest(body, { cpuSeconds: options.defaultCpuSeconds });
    request.log.info(
      { source: captureRequest.source, type: captureRequest.type, secret: captureRequest.secret },
      'capturing profile',
    );
    const { result, record, session, timingsMs } = await captureProfile(captureRequest, options);
    request.log.info(
      { file: record.file, port: session.port, expiresAt: new Date(session.expiresAtMs).toISOString(), timingsMs },
      'viewer opened',
    );
    return reply.code(200).send(result);
  });

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

  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send({ error: `${request.method} ${request.url}: not found (the API is POST ${PROCESSOR_PATH})` }),
  );

  app.setErrorHandler(async (error, request, reply) => {
    const response = toErrorResponse(error);
    if (response.expected)
      request.log.warn({ status: response.statusCode, error: response.body.error }, 'request failed');
    else request.log.error({ err: error }, 'request failed unexpectedly');
    if (response.retryAfterSeconds !== undefined) reply.header('retry-after', String(response.retryAfterSeconds));
    return reply.code(response.statusCode).send(response.body);
  });

  return app;
}

function parseJsonBody(body: unknown): unknown {
  if (typeof body !== 'string' || body.trim() === '')
    throw new InvalidRequestError(undefined, 'empty (expected a JSON object)');
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new InvalidRequestError(undefined, `not JSON (${(error as Error).message})`, { cause: error });
  }
}
