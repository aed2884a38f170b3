// The HTTP client edge: one GET over http or https with a bearer token, a private CA, a deadline
// for the whole answer and a cap on its size. Injected where used, so callers can swap it.

import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { FetchNetworkError, FetchTimeoutError, FetchTooLargeError, printableText } from './fetch-errors.js';

/** A non-200 answer is read only this far: enough for Go's one-line error, never a stream's worth. */
export const ERROR_BODY_BYTES = 4096;

export interface HttpGetRequest {
  readonly url: URL;
  /** Sent as `Authorization: Bearer <token>`; never logged, never part of an error. */
  readonly bearerToken?: string;
  /** PEM CA bundle; when set, the only CA trusted for https. */
  readonly caPem?: string;
  /** Deadline for the whole answer, headers and body. */
  readonly timeoutMs: number;
  /** Largest body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /**
   * The address the target policy checked: the connection goes there, whatever a second DNS
   * answer would say; TLS still verifies the certificate against the URL's host name.
   */
  readonly address?: { readonly address: string; readonly family: 4 | 6 };
  /** Aborts the request; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * Connection options prepared elsewhere, the request's own added to them: the kubeconfig's
   * agent, CA, client certificate and Authorization header, as @kubernetes/client-node applies them.
   */
  readonly connection?: https.RequestOptions;
  /** Called as a 200 body arrives, with the bytes received so far. */
  readonly onProgress?: (bytesReceived: number) => void;
}

export interface HttpGetResponse {
  readonly status: number;
  readonly statusText: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Uint8Array;
  /** False when a non-200 body was cut at ERROR_BODY_BYTES (the connection is then closed). */
  readonly bodyComplete: boolean;
}

export type HttpGet = (request: HttpGetRequest) => Promise<HttpGetResponse>;

/** HttpGet on node:http / node:https, with a fresh connection per request (no pooled TLS state). */
export const nodeHttpGet: HttpGet = (request) =>
  new Promise<HttpGetResponse>((resolve, reject) => {
    // Already abandoned: not even a connection (the executor's throw rejects with the reason).
    request.signal?.throwIfAborted();
    const { url } = request;
    const shownUrl = url.toString();
    const base = request.connection ?? {};
    const headers = { ...base.headers, 'user-agent': 'go-profiler', accept: '*/*' } as http.OutgoingHttpHeaders;
    if (request.bearerToken !== undefined) headers.authorization = `Bearer ${request.bearerToken}`;
    const options: https.RequestOptions = { ...base, method: 'GET', headers, agent: base.agent ?? false };
    if (url.protocol === 'https:' && request.caPem !== undefined) options.ca = request.caPem;
    if (request.address !== undefined) {
      options.lookup = pinnedLookup(request.address);
      const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
      if (url.protocol === 'https:' && isIP(hostname) === 0) options.servername = hostname;
    }
    const client = url.protocol === 'https:' ? https : http;
    let settled = false;
    const { signal } = request;
    const abort = () =>
      fail(
        signal?.reason instanceof Error
          ? signal.reason
          : new Error(`fetch ${shownUrl}: aborted`, { cause: signal?.reason }),
      );
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      signal?.removeEventListener('abort', abort);
      req.destroy();
      reject(error);
    };
    const req = client.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let received = 0;
      const finish = (bodyComplete: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        signal?.removeEventListener('abort', abort);
        if (!bodyComplete) req.destroy();
        const body = Buffer.concat(chunks, received);
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: res.headers,
          body: new Uint8Array(body.buffer, body.byteOffset, body.length),
          bodyComplete,
        });
      };
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > request.maxBodyBytes) {
          fail(new FetchTooLargeError(shownUrl, request.maxBodyBytes, 'answer'));
          return;
        }
        chunks.push(chunk);
        if (res.statusCode === 200) request.onProgress?.(received);
        // Redirects and errors are never followed or stored: their first bytes say all we use.
        if (res.statusCode !== 200 && received >= ERROR_BODY_BYTES) finish(false);
      });
      res.on('end', () => finish(true));
      res.on('error', (error) => fail(networkError(shownUrl, error)));
      res.on('aborted', () =>
        fail(networkError(shownUrl, Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))),
      );
    });
    // A timer for the whole answer (a socket idle timeout would let a slow trickle run forever).
    const deadline = setTimeout(() => fail(new FetchTimeoutError(shownUrl, request.timeoutMs)), request.timeoutMs);
    req.on('error', (error) => fail(networkError(shownUrl, error)));
    signal?.addEventListener('abort', abort, { once: true });
    req.end();
  });

const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the target',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed by the target',
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS: the target's certificate is self-signed and not trusted by the Secret's ca.crt",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS: the target's certificate chain is not trusted by the Secret's ca.crt",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS: the target's certificate is not signed by the Secret's ca.crt",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "TLS: the target's certificate is not signed by the Secret's ca.crt",
  CERT_HAS_EXPIRED: "TLS: the target's certificate has expired",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS: the target's certificate does not name this host",
  EPROTO: 'TLS handshake failed (is the target serving https?)',
};

/** Answers every lookup with the checked address (`all` is set when Node races IPv4 and IPv6). */
function pinnedLookup(pinned: { readonly address: string; readonly family: 4 | 6 }): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all === true) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
}

/** A typed error for a failed connection, in words for the common codes; never the token. */
export function networkError(url: string, error: Error): FetchNetworkError {
  const code = (error as { code?: unknown }).code;
  const codeText = typeof code === 'string' ? code : 'EUNKNOWN';
  // Node's own words otherwise: printable and short (an HTTP parser error must not quote the answer).
  const reason =
    REASONS[codeText] ??
    (codeText.startsWith('HPE_') ? "the target's answer is not valid HTTP" : printableText(error.message, 200));
  return new FetchNetworkError(url, codeText, `${reason} (${codeText})`, { cause: error });
}
