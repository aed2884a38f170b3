// Throw-away TLS material from ../shared/gotarget/gen-certs.sh (openssl): a CA, a server
// certificate for 127.0.0.1/::1/localhost, a bearer token and an unrelated CA.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { GOTARGET_DIR } from './fixtures.js';

export interface TestCertificates {
  readonly dir: string;
  readonly caPem: string;
  readonly otherCaPem: string;
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
  readonly token: string;
}

export async function makeCertificates(token = 'test-token-123'): Promise<TestCertificates> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-certs-'));
  await promisify(execFile)(path.join(GOTARGET_DIR, 'gen-certs.sh'), [dir, token]);
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  return {
    dir,
    caPem: read('ca.crt'),
    otherCaPem: read('other-ca.crt'),
    serverCertFile: path.join(dir, 'server.crt'),
    serverKeyFile: path.join(dir, 'server.key'),
    serverCertPem: read('server.crt'),
    serverKeyPem: read('server.key'),
    token: read('token'),
  };
}

/** gotarget's flags to serve https with these certificates and require `token`. */
export function goTargetTlsFlags(certs: TestCertificates, token: string): string[] {
  return ['-tls', '-cert', certs.serverCertFile, '-key', certs.serverKeyFile, '-token', token];
}
