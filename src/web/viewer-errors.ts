// The viewer's typed errors and its answer to any error: the status of the one table
// (errors/error-status.ts, shared with the processor) and a JSON body
// (`{"error": "<what failed>: <why>", "key": "<the offending URL parameter>"}`).

import { errorAnswerOf, GoProfilerError } from '../errors/index.js';
import {
  compileGoRegexp,
  GoRegexpSyntaxError,
  type GoRegexp,
  URL_PARAMETERS,
  type QueryOptions,
} from '../query/index.js';
import type { GraphTooLargeBody } from './view-models.js';
import { hidePaths, type HiddenPath } from './hidden-paths.js';

/** The browser client was not bundled (dist/web/client is missing); `npm run build` makes it. */
export class ViewerAssetsError extends GoProfilerError {
  override readonly name = 'ViewerAssetsError';
  /** @param asset the asset's name (`app.js`): an answer names no path of the machine. */
  constructor(asset: string, options?: { cause?: unknown }) {
    super(
      `load viewer asset ${asset}`,
      'not found in dist/web/client; run `npm run build` to bundle the browser client',
      options,
    );
  }
}

/** A request the viewer cannot answer because of what it asked for (a bad parameter value). */
export class ViewerRequestError extends GoProfilerError {
  override readonly name = 'ViewerRequestError';
  constructor(
    readonly key: string,
    operation: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(operation, reason, options);
  }
}

/**
 * Graphviz could not lay out the call graph within its time limit: too many edges for this node
 * count (`n`). Carries a node count that would lay out quickly.
 */
export class GraphTooLargeError extends GoProfilerError {
  override readonly name = 'GraphTooLargeError';
  readonly key = 'n';
  constructor(
    readonly nodeCount: number,
    readonly edgeCount: number,
    readonly timeLimitMs: number,
    readonly suggestedNodeCount: number,
    options?: { cause?: unknown },
  ) {
    super(
      'lay out graph',
      `Graphviz took longer than ${timeLimitMs / 1000} s for ${nodeCount} nodes and ${edgeCount} edges; ` +
        `ask for fewer nodes, e.g. n=${suggestedNodeCount}`,
      options,
    );
  }
}

/**
 * Compiles a URL parameter's Go regexp; one that Go would reject is a ViewerRequestError naming
 * the parameter, with Go's reason (`search "(": error parsing regexp: missing closing ): `(``).
 */
export function compileRegexpParameter(parameter: string, operation: string, pattern: string): GoRegexp {
  try {
    return compileGoRegexp(pattern);
  } catch (error) {
    if (!(error instanceof GoRegexpSyntaxError)) throw error;
    throw new ViewerRequestError(parameter, `${operation} ${JSON.stringify(pattern)}`, error.reason, { cause: error });
  }
}

/**
 * A request that changes the settings file came from another site's page (a viewer listens on an
 * open port, so any page its user visits could post to it).
 */
export class CrossOriginRequestError extends GoProfilerError {
  override readonly name = 'CrossOriginRequestError';
  constructor(operation: string, from: string) {
    super(operation, `refused a request from another site (${from}); use the viewer's own page`);
  }
}

/**
 * The request's `Host` is neither the viewer's advertised address nor a loopback name, with the
 * viewer's port: a DNS name rebound to this address, or a request meant for another server.
 */
export class MisdirectedRequestError extends GoProfilerError {
  override readonly name = 'MisdirectedRequestError';
  readonly key = 'host';
  constructor(host: string) {
    super(
      `answer request for Host ${JSON.stringify(host.slice(0, 300))}`,
      'this viewer answers only at its own address or a loopback name, with its port',
    );
  }
}

/** `--viewer-auth token`: the request carries neither the viewer's token nor its cookie. */
export class ViewerAuthError extends GoProfilerError {
  override readonly name = 'ViewerAuthError';
  readonly key = 'token';
  /** True when a token was given and it is not this viewer's. */
  constructor(readonly wrongToken: boolean) {
    super(
      'open viewer',
      wrongToken
        ? "the token in this link is not this viewer's; open the link of the capture's result"
        : "this viewer needs its token; open the link of the capture's result (it ends with ?token=…)",
    );
  }
}

/** A URL longer than the viewer answers (web/viewer-guards.ts's MAX_VIEWER_URL_BYTES). */
export class UrlTooLongError extends GoProfilerError {
  override readonly name = 'UrlTooLongError';
  constructor(bytes: number, maxBytes: number) {
    super('read request URL', `${bytes} bytes is longer than the ${maxBytes} bytes a viewer answers`);
  }
}

export interface ErrorResponse {
  readonly statusCode: number;
  readonly body: { readonly error: string; readonly key?: string } | GraphTooLargeBody;
  /** For a 503: when to ask again (the `Retry-After` header). */
  readonly retryAfterSeconds?: number;
}

/** The filters' errors name them as pprof's flags do (query/filter/select-samples.ts); their option keys. */
const PPROF_FLAG_OPTIONS: Readonly<Record<string, keyof QueryOptions>> = {
  show_from: 'showFrom',
  prune_from: 'pruneFrom',
  tagfocus: 'tagFocus',
  tagignore: 'tagIgnore',
  tagshow: 'tagShow',
  taghide: 'tagHide',
};

/** The URL parameter of an option key (`focus` → `f`, `tagfocus` → `tf`); other keys are already parameters. */
function parameterOf(key: string): string {
  const option = Object.hasOwn(PPROF_FLAG_OPTIONS, key) ? PPROF_FLAG_OPTIONS[key]! : key;
  return Object.hasOwn(URL_PARAMETERS, option) ? URL_PARAMETERS[option as keyof QueryOptions] : key;
}

/** The status and body of `error`, its message with `hidden` paths replaced (hidden-paths.ts). */
export function errorResponseOf(error: unknown, hidden: readonly HiddenPath[] = []): ErrorResponse {
  const answer = errorAnswerOf(error);
  if (answer !== undefined) {
    const message = hidePaths(answer.message, hidden);
    if (error instanceof GraphTooLargeError) {
      const { key, nodeCount, edgeCount, timeLimitMs, suggestedNodeCount } = error;
      return {
        statusCode: answer.status,
        body: { error: message, key, nodeCount, edgeCount, timeLimitMs, suggestedNodeCount },
      };
    }
    const { status: statusCode, key, retryAfterSeconds } = answer;
    return {
      statusCode,
      // Errors about one parameter or field (QueryOptionError, ViewerRequestError, ...) name it.
      body: key === undefined ? { error: message } : { error: message, key: parameterOf(key) },
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    };
  }
  if (error instanceof Error)
    return { statusCode: statusOfFastifyError(error), body: { error: hidePaths(error.message, hidden) } };
  return { statusCode: 500, body: { error: hidePaths(`serve viewer request: ${String(error)}`, hidden) } };
}

/** Fastify's own client errors keep their status; anything else is a bug, answered 500. */
function statusOfFastifyError(error: Error): number {
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
