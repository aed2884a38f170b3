// Loopback listeners that play a source for the trust tests: they count every TCP connection and
// record every Authorization header that reaches them (so a test can prove a token never
// arrived), serve a real profile, and can misbehave per path. Also signs a server certificate for
// other loopback addresses and names with the test CA (certificates.ts covers only 127.0.0.1).

import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestCertificates } from './certificates.js';
import { fixturePath } from './fixtures.js';

export interface ServerCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

/** A server certificate signed by `certs`' CA for `subjectAltNames` (`IP:127.0.0.2`, `DNS:*.svc`). */
export async function signServerCertificate(
  certs: TestCertificates,
  name: string,
  subjectAltNames: readonly string[],
): Promise<ServerCertificate> {
  const file = (ext: string) => path.join(certs.dir, `${name}.${ext}`);
  const openssl = (args: string[]) => promisify(execFile)('openssl', args);
  writeFileSync(
    file('ext'),
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${subjectAltNames.join(',')}`,
      '',
    ].join('\n'),
  );
  await openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-keyout', file('key'), '-out', file('csr')].concat([
      '-subj',
      `/CN=${name}`,
    ]),
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      file('csr'),
      '-CA',
      path.join(certs.dir, 'ca.crt'),
      '-CAkey',
      path.join(certs.dir, 'ca.key'),
    ].concat(['-CAcreateserial', '-out', file('crt'), '-days', '30', '-sha256', '-extfile', file('ext')]),
  );
  return { certPem: readFileSync(file('crt'), 'utf8'), keyPem: readFileSync(file('key'), 'utf8') };
}

/** Answers one request its own way; return false to fall through to the profile. */
export type Misbehaviour = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

export interface RecordingListener {
  /** `http(s)://HOST:PORT`. */
  readonly url: string;
  readonly port: number;
  /** TCP connections accepted so far (a refusal must leave this unchanged). */
  readonly connections: () => number;
  /** Every Authorization header received, in order (undefined for requests without one). */
  readonly authorizations: (string | undefined)[];
  /** Request paths, in order. */
  readonly paths: string[];
  close(): Promise<void>;
}

export const PROFILE_BYTES = readFileSync(fixturePath('heap-small.pb.gz'));

export interface ListenerOptions {
  readonly host: string;
  readonly tls?: ServerCertificate;
  readonly misbehave?: Misbehaviour;
}

/** Starts a listener on `host`, a free port; every path not taken by `misbehave` gets a heap profile. */
export async function startRecordingListener(options: ListenerOptions): Promise<RecordingListener> {
  const authorizations: (string | undefined)[] = [];
  const paths: string[] = [];
  let connections = 0;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    authorizations.push(req.headers.authorization);
    paths.push(req.url ?? '');
    if (options.misbehave?.(req, res) === true) return;
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(PROFILE_BYTES);
  };
  const server =
    options.tls === undefined
      ? http.createServer(handler)
      : https.createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, handler);
  server.on('connection', () => connections++);
  const { port, placeholder } = await listenOnPortFreeOnLoopback(server, options.host);
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://${options.host}:${port}`,
    port,
    connections: () => connections,
    authorizations,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        placeholder?.close();
        server.close(() => resolve());
      }),
  };
}

/**
 * Listens on `host`, on a port that is also held on 127.0.0.1 while the listener lives. Test
 * processors and their viewers listen on 127.0.0.1, and the always-refused rule treats a viewer's
 * port on any local address as the viewer's: a listener on 127.0.0.2 that shared a port number
 * with a viewer on 127.0.0.1 would be refused by chance. Holding the number on 127.0.0.1 keeps
 * the kernel from handing it to a viewer.
 */
async function listenOnPortFreeOnLoopback(
  server: http.Server,
  host: string,
): Promise<{ port: number; placeholder: net.Server | undefined }> {
  for (;;) {
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    const { port } = server.address() as AddressInfo;
    if (host === '127.0.0.1') return { port, placeholder: undefined };
    const placeholder = net.createServer();
    const held = await new Promise<boolean>((resolve) => {
      placeholder.once('error', () => resolve(false));
      placeholder.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (held) return { port, placeholder };
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
