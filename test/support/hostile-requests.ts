// The hostile-request table (issue 8): bad requests to the processor's POST, each with the code
// and key it must be answered with. Rows never reach a source: every one fails before a fetch.

import type { RawRequest } from './test-processor.js';

const P = 'param.diagnoser.runtime.go_profiler.';
export const JSON_TYPE = { 'content-type': 'application/json' };

export interface HostileRow {
  readonly name: string;
  /** A request, or bytes written as they are on a connection of their own (not HTTP a client would send). */
  readonly request: RawRequest | { readonly raw: string };
  readonly status: number;
  /** The key the error names; undefined when the request as a whole is wrong. */
  readonly key?: string;
  readonly error: RegExp;
}

/** A POST of `body` (JSON-encoded unless a string or bytes), with a JSON content type unless told. */
export function post(body: unknown, headers: Record<string, string> = JSON_TYPE): RawRequest {
  const bytes = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  return { method: 'POST', headers, body: bytes };
}

/** A heap request from a source that is never reached (every row fails before any fetch). */
const heap = (extra: Record<string, unknown>) => post({ source: 'http://127.0.0.1:9', type: 'Heap', ...extra });
const cpu = (extra: Record<string, unknown>) => post({ source: 'http://127.0.0.1:9', type: 'Profile', ...extra });
const source = (value: unknown) => post({ source: value, type: 'Heap' });

const NOT_ALLOWED = /method not allowed \(use POST\)$/;
const NOT_A_NAME = /is not a valid Kubernetes name/;
const NOT_INTEGER = /is not an integer/;
const NOT_A_URL = /is not a URL$/;
const OTHER_SPELLING = /is the IPv4 address 127\.0\.0\.1 in another spelling .*: write 127\.0\.0\.1$/;
const MIB = 1024 * 1024;

/** `count` labels of 63 letters joined by dots, cut to `length` characters. */
const longName = (length: number) =>
  Array.from({ length: 5 }, () => 'a'.repeat(63))
    .join('.')
    .slice(0, length);

/** The table; `processorPort` builds origins that are almost the processor's own. */
export function hostileRequestRows(processorPort: number): HostileRow[] {
  return [
    // Not HTTP: Node's parser refuses them, our handler answers JSON and closes.
    {
      name: 'garbage request line',
      request: { raw: 'HELLO\r\n\r\n' },
      status: 400,
      error: /^read request: not valid HTTP\/1\.1 \(HPE_INVALID_METHOD\)$/,
    },
    {
      name: 'Content-Length and chunked at once (smuggling)',
      request: {
        raw: 'POST /processor/goProfiler HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      },
      status: 400,
      error: /^read request: not valid HTTP\/1\.1 \(HPE_/,
    },
    {
      name: 'Content-Length not a number',
      request: { raw: 'POST /processor/goProfiler HTTP/1.1\r\nHost: x\r\nContent-Length: 1e3\r\n\r\n' },
      status: 400,
      error: /^read request: not valid HTTP\/1\.1 \(HPE_INVALID_CONTENT_LENGTH\)$/,
    },
    {
      name: 'headers over 16 KiB',
      request: { raw: `POST /processor/goProfiler HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n` },
      status: 431,
      error: /^read request: its headers are too large$/,
    },
    // Methods and paths.
    ...['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'GET', 'TRACE', 'QUERY'].map((method) => ({
      name: `method ${method}`,
      request: { method, headers: JSON_TYPE, body: '{}' },
      status: 405,
      error: new RegExp(`^${method} /processor/goProfiler: ${NOT_ALLOWED.source}`),
    })),
    {
      name: 'path in other case',
      request: { ...heap({}), path: '/processor/goprofiler' },
      status: 404,
      error: /not found/,
    },
    {
      name: 'trailing slash',
      request: { ...heap({}), path: '/processor/goProfiler/' },
      status: 404,
      error: /not found/,
    },
    {
      name: 'encoded dot segments',
      request: { ...heap({}), path: '/processor/%2e%2e/processor/goProfiler' },
      status: 404,
      error: /not found/,
    },
    // What a web page can send.
    ...[
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/json-patch+json',
    ].map((type) => ({
      name: `content type ${type}`,
      request: { ...heap({}), headers: { 'content-type': type } },
      status: 415,
      key: 'content-type',
      error: /^parse request body: content type ".*" is not accepted \(send application\/json, or no content type\)$/,
    })),
    ...[
      'http://evil.example',
      'null',
      `http://127.0.0.1:${processorPort + 1}`,
      `https://127.0.0.1:${processorPort}`,
    ].map((origin) => ({
      name: `Origin ${origin}`,
      request: post({ type: 'Heap' }, { ...JSON_TYPE, origin }),
      status: 403,
      key: 'origin',
      error:
        /^check request origin: origin ".*" is not the processor's own \(a web page may not make the processor fetch\)$/,
    })),
    ...['cross-site', 'same-site'].map((site) => ({
      name: `Sec-Fetch-Site ${site}`,
      request: post({ type: 'Heap' }, { ...JSON_TYPE, 'sec-fetch-site': site }),
      status: 403,
      key: 'sec-fetch-site',
      error: /is not the processor's own/,
    })),
    // Bodies.
    {
      name: 'no body',
      request: { method: 'POST', headers: JSON_TYPE },
      status: 400,
      error: /^parse request body: empty/,
    },
    { name: 'blank body', request: post(' \r\n\t '), status: 400, error: /^parse request body: empty/ },
    { name: 'null', request: post('null'), status: 400, error: /expected a JSON object, got null$/ },
    { name: 'array', request: post('[{"type":"Heap"}]'), status: 400, error: /got an array$/ },
    { name: 'string', request: post('"heap"'), status: 400, error: /got "heap"$/ },
    { name: 'number', request: post('42'), status: 400, error: /got 42$/ },
    { name: 'boolean', request: post('true'), status: 400, error: /got true$/ },
    { name: 'truncated JSON', request: post('{"source": '), status: 400, error: /^parse request body: not JSON/ },
    { name: 'raw NUL byte', request: post('{"type":"He\u0000ap"}'), status: 400, error: /not JSON/ },
    {
      name: 'invalid UTF-8',
      request: post(Buffer.concat([Buffer.from('{"type":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])),
      status: 400,
      error: /^parse request body: not valid UTF-8$/,
    },
    {
      name: 'byte order mark',
      request: post(Buffer.from(`\ufeff${JSON.stringify({ source: 'http://127.0.0.1:9', type: 'Heap' })}`)),
      status: 400,
      error: /byte order mark/,
    },
    {
      name: 'duplicated key',
      request: post('{"source":"http://127.0.0.1:9","type":"Heap","type":"Mutex"}'),
      status: 400,
      key: 'type',
      error: /given twice/,
    },
    {
      name: 'duplicated nested key',
      request: post('{"source":"http://127.0.0.1:9","type":"Heap","tls":{"secretReference":{"name":"a","name":"b"}}}'),
      status: 400,
      key: 'tls.secretReference.name',
      error: /given twice/,
    },
    {
      name: 'object as source',
      request: source({ url: 'http://127.0.0.1:9' }),
      status: 400,
      key: 'source',
      error: /^parse request key source: an object is not a string$/,
    },
    {
      name: 'array as type',
      request: post({ source: 'http://127.0.0.1:9', type: ['Heap'] }),
      status: 400,
      key: 'type',
      error: /an array is not a string/,
    },
    {
      name: 'string as tls',
      request: heap({ tls: 'secret' }),
      status: 400,
      key: 'tls',
      error: /"secret" is not an object/,
    },
    { name: 'boolean as source', request: source(true), status: 400, key: 'source', error: /true is not a string/ },
    {
      name: '__proto__ smuggling the type',
      request: post('{"source":"http://127.0.0.1:9","__proto__":{"type":"Heap"}}'),
      status: 400,
      key: `${P}type`,
      error: /missing/,
    },
    {
      name: 'deep JSON: 100k nested arrays',
      request: post(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
      status: 400,
      error: /got an array$/,
    },
    {
      name: 'deep JSON: 100k nested objects as the source',
      request: post(`{"type":"Heap","source":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`),
      status: 400,
      key: 'source',
      error: /an object is not a string/,
    },
    {
      name: 'body over 1 MiB',
      request: source(`http://h/${'a'.repeat(MIB)}`),
      status: 413,
      error: /larger than the limit of 1048576 bytes/,
    },
    {
      name: 'chunked body over 1 MiB',
      request: post(`{"source":"${'a'.repeat(MIB + 10)}"}`, { ...JSON_TYPE, 'transfer-encoding': 'chunked' }),
      status: 413,
      error: /larger than the limit of 1048576 bytes/,
    },
    // Numbers.
    // Each value as JSON text: 1e400 overflows to Infinity, 9007199254740993 is past 2^53.
    ...[
      '"1e3"',
      '"300.5"',
      '300.5',
      '-1e400',
      '1e400',
      '"0x10"',
      '"Infinity"',
      '"NaN"',
      '9007199254740993',
      '"99999999999999999999"',
      '"1_000"',
      'true',
      '[300]',
    ].map((json) => ({
      name: `expiration ${json}`,
      request: post(`{"source":"http://127.0.0.1:9","type":"Heap","expirationSeconds":${json}}`),
      status: 400,
      key: 'expirationSeconds',
      error: NOT_INTEGER,
    })),
    {
      name: 'expiration above 7 days',
      request: heap({ [`${P}expiration_seconds`]: 604801 }),
      status: 400,
      key: `${P}expiration_seconds`,
      error: /604801 is above 604800/,
    },
    {
      name: 'CPU seconds above 600',
      request: cpu({ seconds: '601' }),
      status: 400,
      key: 'seconds',
      error: /601 is above 600$/,
    },
    { name: 'CPU seconds -1.5', request: cpu({ seconds: '-1.5' }), status: 400, key: 'seconds', error: NOT_INTEGER },
    {
      name: 'CPU seconds huge',
      request: cpu({ [`${P}seconds`]: 1e15 }),
      status: 400,
      key: `${P}seconds`,
      error: /is above 600$/,
    },
    // Schemes and spellings.
    ...[
      'file:///etc/passwd',
      'ftp://127.0.0.1/x',
      'gopher://127.0.0.1:70/x',
      'javascript:alert(1)',
      'data:text/plain,hi',
      'localhost:6060',
    ].map((url) => ({
      name: `scheme of ${url}`,
      request: source(url),
      status: 400,
      key: 'source',
      error: /^parse request key source: scheme ".*" is not supported \(use http or https\)$/,
    })),
    ...[
      '127.0.0.1:6060',
      '//127.0.0.1:9',
      'http://::1:80',
      'http://[::1',
      'http://[::g]:9',
      'http://[::1]:99999',
      'http://[fe80::1%25eth0]:9',
      'http://1.2.3.4.5:9',
    ].map((url) => ({ name: `malformed ${url}`, request: source(url), status: 400, key: 'source', error: NOT_A_URL })),
    ...['http://', 'http:/127.0.0.1:9', 'http:127.0.0.1:9', 'http:\\\\127.0.0.1:9', 'http:///127.0.0.1:9'].map(
      (url) => ({
        name: `no // in ${url}`,
        request: source(url),
        status: 400,
        key: 'source',
        error: /is not written scheme:\/\/host\[:port\]/,
      }),
    ),
    ...[
      'http://user:pw@127.0.0.1:9',
      'http://user@127.0.0.1:9',
      'http://:pw@127.0.0.1:9',
      'http://127.0.0.1:9@evil.example',
    ].map((url) => ({
      name: `userinfo ${url}`,
      request: source(url),
      status: 400,
      key: 'source',
      error: /credentials in the URL are not accepted/,
    })),
    ...[
      '0x7f.0.0.1',
      '0177.0.0.1',
      '2130706433',
      '127.1',
      '0x7f000001',
      '127.0.0.01',
      '%31%32%37.0.0.1',
      '127.0.0.1.',
    ].map((host) => ({
      name: `IPv4 spelled ${host}`,
      request: source(`http://${host}:9`),
      status: 400,
      key: 'source',
      error: OTHER_SPELLING,
    })),
    // Types.
    {
      name: 'unknown type',
      request: post({ source: 'http://127.0.0.1:9', type: 'trace' }),
      status: 400,
      key: 'type',
      error: /"trace" is not one of/,
    },
    {
      name: 'numeric type',
      request: post({ source: 'http://127.0.0.1:9', type: 7 }),
      status: 400,
      key: 'type',
      error: /"7" is not one of/,
    },
    {
      name: 'missing type',
      request: post({ source: 'http://127.0.0.1:9' }),
      status: 400,
      key: `${P}type`,
      error: /missing/,
    },
    { name: 'missing source', request: post({ type: 'Heap' }), status: 400, key: `${P}source`, error: /missing/ },
    {
      name: 'path contradicting the type',
      request: post({ source: 'http://127.0.0.1:9/debug/pprof/heap', type: 'Mutex' }),
      status: 400,
      key: 'source',
      error: /names the profile "heap" but the type Mutex is served at \/debug\/pprof\/mutex/,
    },
    {
      name: 'encoded path contradicting the type',
      request: post({ source: 'http://127.0.0.1:9/debug/pprof/../pprof/goroutine', type: 'Heap' }),
      status: 400,
      key: 'source',
      error: /names the profile "goroutine"/,
    },
    // Names that become paths.
    ...[
      ['diagnosis.name', '../../etc'],
      ['diagnosis.name', 'a\u0000b'],
      ['diagnosis.name', '..'],
      ['diagnosis.name', '.'],
      ['diagnosis.name', 'Go-Profiler'],
      ['diagnosis.name', longName(254)],
      ['diagnosis.name', 'gо-profiler'], // Cyrillic о
      ['diagnosis.namespace', 'a/b'],
      ['task.name', '..%2f..%2fetc'],
      ['pod.namespace', 'kube-system/../x'],
      ['pod.namespace', 'a'.repeat(64)],
      ['pod.name', 'web\\0'],
      ['container', '../c'],
      ['tls.secretReference.name', '../../kube-system/admin-token'],
      ['tls.secretReference.name', longName(254)],
      ['tls.secretReference.name', 'Admin_Token'],
    ].map(([key, value]) => ({
      name: `${key} = ${JSON.stringify(value).slice(0, 40)}`,
      request: heap(nested(key as string, value as string)),
      status: 400,
      key: key as string,
      error: NOT_A_NAME,
    })),
    {
      name: 'Secret namespace with a slash',
      request: heap({ tls: { secretReference: { name: 'token', namespace: 'kube-system/x' } } }),
      status: 400,
      key: 'tls.secretReference.namespace',
      error: NOT_A_NAME,
    },
    {
      name: 'long-form Secret name that is a path',
      request: heap({ [`${P}tls.secret_reference.name`]: '/var/run/secrets/token' }),
      status: 400,
      key: `${P}tls.secret_reference.name`,
      error: NOT_A_NAME,
    },
  ];
}

/** `{"tls": {"secretReference": {"name": v}}}` for the short form's dotted keys, flat otherwise. */
function nested(key: string, value: string): Record<string, unknown> {
  if (!key.startsWith('tls.')) return { [key]: value };
  return { tls: { secretReference: { [key.split('.')[2] as string]: value } } };
}
