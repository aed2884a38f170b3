// Starts the real processor in this process on a free loopback port, with a temporary data root
// and its logs captured (to check, e.g., that no token is ever logged), and posts requests to it.

import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startProcessor, type ProcessorConfig, type RunningProcessor } from '../../src/processor/index.js';

export interface TestProcessor {
  readonly processor: RunningProcessor;
  readonly url: string;
  readonly dataRoot: string;
  /** Every log line written so far. */
  readonly logs: string[];
  post(body: unknown): Promise<PostResult>;
  /** Sends exactly `request` to the processor (see sendRequest). */
  send(request: RawRequest): Promise<RawAnswer>;
  close(): Promise<void>;
}

export interface PostResult {
  readonly status: number;
  readonly headers: Headers;
  readonly json: Record<string, unknown>;
}

export async function startTestProcessor(overrides: Partial<ProcessorConfig> = {}): Promise<TestProcessor> {
  const dataRoot = overrides.dataRoot ?? mkdtempSync(path.join(os.tmpdir(), 'go-profiler-data-'));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  const processor = await startProcessor({
    listenHost: '127.0.0.1',
    listenPort: 0,
    advertiseAddress: '127.0.0.1',
    defaultCpuSeconds: 1,
    // Never the limit under test unless a test says so: a busy machine must not time a capture out.
    fetchTimeoutSeconds: 600,
    logger: pino({ level: 'debug' }, sink),
    ...overrides,
    // Nor a query: heavy queries on a busy machine take longer, and are not refused for it.
    trust: { queryTimeoutSeconds: 3600, ...overrides.trust },
    dataRoot,
  });
  return {
    processor,
    url: processor.url,
    dataRoot,
    logs,
    post: (body) => postJson(`${processor.url}/processor/goProfiler`, body),
    send: (request) => sendRequest(processor.url, request),
    close: async () => {
      await processor.close();
      // A data root made here is removed with the processor; one passed in belongs to the caller.
      if (overrides.dataRoot === undefined) rmSync(dataRoot, { recursive: true, force: true });
    },
  };
}

/** POSTs `body` (JSON-encoded unless already a string) and reads the JSON answer. */
export async function postJson(url: string, body: unknown): Promise<PostResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`POST ${url}: HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`, { cause: error });
  }
  return { status: response.status, headers: response.headers, json };
}

/** The viewer port named in the 200 sentence (whose URL carries a token with `--viewer-auth token`). */
export function viewerPort(json: Record<string, unknown>): number {
  const sentence = String(json['diagnoser.runtime.go_profiler.result.endpoint']);
  const match = /^Visit http:\/\/.+:(\d+)(?:\/\?token=[0-9a-f]{32})?, this server will expire in \d+ seconds\.$/.exec(
    sentence,
  );
  if (match?.[1] === undefined) throw new Error(`no viewer port in ${JSON.stringify(sentence)}`);
  return Number(match[1]);
}

export interface RawRequest {
  readonly method: string;
  /** Default: the processor's POST path. */
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as is, with its Content-Length. */
  readonly body?: string | Buffer;
}

export interface RawAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  readonly json: Record<string, unknown> | undefined;
}

/**
 * One request on a connection of its own with exactly these method, headers and body bytes (plus
 * Host, Connection and Content-Length): what fetch() would refuse or rewrite.
 */
export function sendRequest(baseUrl: string, request: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...request.headers };
    // Node frames a body only for methods it expects one with (not DELETE, OPTIONS...): say its length.
    if (request.body !== undefined && headers['transfer-encoding'] === undefined) {
      headers['content-length'] = String(Buffer.byteLength(request.body));
    }
    const { hostname, port } = new URL(baseUrl);
    // The path as given, not normalized by a URL parser (`%2e%2e` stays).
    const req = http.request(
      { hostname, port, path: request.path ?? '/processor/goProfiler', method: request.method, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJsonObject(text) });
        });
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    // Not JSON (a HEAD answer has no body): the caller asserts on `text` instead.
    return undefined;
  }
}
