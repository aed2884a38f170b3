// Where a viewer listens (SPEC §5 `--viewer-ports LOW-HIGH`): the first free port of the range, or
// any port the OS picks when there is no range. Ports are tried by binding, not by probing first:
// two viewers starting at once never both take the port a probe found free.

import { GoProfilerError } from '../errors/index.js';
import type { FastifyInstance } from 'fastify';

export interface ViewerPortRange {
  readonly low: number;
  readonly high: number;
}

/** Every port of `--viewer-ports` is taken (by viewers or by anything else on the host). */
export class ViewerPortsExhaustedError extends GoProfilerError {
  override readonly name = 'ViewerPortsExhaustedError';
  constructor(
    readonly host: string,
    readonly range: ViewerPortRange,
  ) {
    super(`start viewer on ${host}`, noFreePortReason(range));
  }
}

/** Why no viewer could start in `range` (the processor's 503 says it too). */
export function noFreePortReason(range: ViewerPortRange): string {
  return `no free port in ${range.low}-${range.high} (--viewer-ports); one frees when a viewer expires`;
}

/** Bind errors that mean "this port, not another": try the next one. */
const TAKEN_PORT_CODES = new Set(['EADDRINUSE', 'EACCES']);

/** Where a viewer may listen besides its range: a port it must have, or one it asks for first. */
export interface ViewerPortChoice {
  /** Without a range: this port or fail (`go-profiler view -http=:8080`); with one: asked first. */
  readonly port?: number;
  /** A restored session's old port: asked first; when taken (or outside the range), any other. */
  readonly preferredPort?: number;
  /** Ports of a range left to sessions being restored (their old ports), unless preferred. */
  readonly avoidPorts?: ReadonlySet<number>;
}

/**
 * Listens on `host`, on the first port of `range` that binds (`port`, else any port, without a
 * range), and returns the port. Any other failure (an address that is not this host's) is thrown as it is.
 */
export async function listenOnViewerPort(
  app: FastifyInstance,
  host: string,
  range: ViewerPortRange | undefined,
  choice: ViewerPortChoice = {},
): Promise<number> {
  const { port, preferredPort, avoidPorts } = choice;
  if (range === undefined) {
    if (preferredPort !== undefined && (await tryListen(app, host, preferredPort))) return boundPort(app, host);
    await app.listen({ host, port: port ?? 0 });
    return boundPort(app, host);
  }
  // A port asked for (a restored session's) comes first when the range allows it.
  const preferred = [port, preferredPort].filter(
    (asked): asked is number => asked !== undefined && asked >= range.low && asked <= range.high,
  );
  const others = [...portsOf(range)].filter((candidate) => avoidPorts?.has(candidate) !== true);
  for (const candidate of [...preferred, ...others]) {
    if (await tryListen(app, host, candidate)) return boundPort(app, host);
  }
  throw new ViewerPortsExhaustedError(host, range);
}

/** Listens on `port`; false when it is taken. */
async function tryListen(app: FastifyInstance, host: string, port: number): Promise<boolean> {
  try {
    await app.listen({ host, port });
    return true;
  } catch (error) {
    if (TAKEN_PORT_CODES.has((error as { code?: unknown }).code as string)) return false;
    throw error;
  }
}

function* portsOf(range: ViewerPortRange): Generator<number> {
  for (let port = range.low; port <= range.high; port++) yield port;
}

function boundPort(app: FastifyInstance, host: string): number {
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`start viewer: no TCP address for ${host}`);
  return address.port;
}
