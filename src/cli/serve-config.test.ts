import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, it } from 'node:test';
import {
  chooseAdvertiseAddress,
  parseAllowSources,
  parseChoice,
  parseGoDuration,
  parseList,
  parseListenAddress,
  parsePortRange,
  parseSeconds,
  parseWholeNumber,
  ServeConfigError,
} from './serve-config.js';

const iface = (address: string, family: 'IPv4' | 'IPv6', internal: boolean) =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null }) as NetworkInterfaceInfo;

describe('serve settings', () => {
  it('parses HOST:PORT, [IPv6]:PORT and :PORT', () => {
    assert.deepEqual(parseListenAddress('127.0.0.1:8090'), { host: '127.0.0.1', port: 8090 });
    assert.deepEqual(parseListenAddress('[::1]:0'), { host: '::1', port: 0 });
    assert.deepEqual(parseListenAddress(':8090'), { host: '0.0.0.0', port: 8090 });
    assert.deepEqual(parseListenAddress('localhost:80'), { host: 'localhost', port: 80 });
    for (const bad of ['8090', '127.0.0.1', '1.2.3.4:70000', '::1:8090', '[1.2.3.4]:80', 'h:p']) {
      assert.throws(
        () => parseListenAddress(bad),
        (e: Error) => e instanceof ServeConfigError && /--listen/.test(e.message),
        bad,
      );
    }
  });

  it('advertises the listen host, or the first non-loopback IPv4 when listening on all addresses', () => {
    const interfaces = {
      lo: [iface('127.0.0.1', 'IPv4', true), iface('::1', 'IPv6', true)],
      eth0: [iface('fe80::1', 'IPv6', false), iface('10.0.2.15', 'IPv4', false)],
    };
    assert.equal(chooseAdvertiseAddress('127.0.0.1', interfaces), '127.0.0.1');
    assert.equal(chooseAdvertiseAddress('::1', interfaces), '::1');
    assert.equal(chooseAdvertiseAddress('0.0.0.0', interfaces), '10.0.2.15');
    assert.equal(chooseAdvertiseAddress('::', interfaces), '10.0.2.15');
    assert.throws(() => chooseAdvertiseAddress('0.0.0.0', { lo: interfaces.lo }), /--advertise-address/);
  });

  it('takes whole seconds within bounds', () => {
    assert.equal(parseSeconds('--default-cpu-seconds', '5', 1, 600), 5);
    for (const bad of ['0', '601', '1.5', 'abc', '', '-3']) {
      assert.throws(() => parseSeconds('--default-cpu-seconds', bad, 1, 600), /read option --default-cpu-seconds/, bad);
    }
  });
});

describe('trust settings', () => {
  it('reads Go durations as milliseconds, 0 keeping everything', () => {
    assert.equal(parseGoDuration('--retention', '240h'), 240 * 3600_000);
    assert.equal(parseGoDuration('--retention', '90s'), 90_000);
    assert.equal(parseGoDuration('--retention', '1h30m'), 5400_000);
    assert.equal(parseGoDuration('--retention', '1.5m'), 90_000);
    assert.equal(parseGoDuration('--retention', '0'), 0);
    for (const bad of ['', '10', '-1h', '1d', 'h', '1h 30m', '5x']) {
      assert.throws(() => parseGoDuration('--retention', bad), /read option --retention: .* is not a Go duration/, bad);
    }
  });

  it('reads port ranges, lists, counts and choices', () => {
    assert.deepEqual(parsePortRange('--viewer-ports', '30000-30099'), { low: 30000, high: 30099 });
    assert.equal(parsePortRange('--viewer-ports', ''), undefined);
    for (const bad of ['30000', '0-10', '20-10', '1-70000', 'a-b']) {
      assert.throws(() => parsePortRange('--viewer-ports', bad), /read option --viewer-ports/, bad);
    }
    assert.deepEqual(parseList(' 10.0.0.0/8, *.svc.cluster.local:6060,, '), ['10.0.0.0/8', '*.svc.cluster.local:6060']);
    assert.deepEqual(parseList(undefined), []);
    assert.equal(parseWholeNumber('--max-sessions', '100', 1), 100);
    assert.throws(
      () => parseWholeNumber('--max-sessions', '0', 1),
      /read option --max-sessions: "0" is not a whole number from 1/,
    );
    assert.equal(parseChoice('--secret-policy', 'any', ['annotated', 'any'] as const), 'any');
    assert.throws(() => parseChoice('--secret-policy', 'none', ['annotated', 'any'] as const), /one of annotated, any/);
  });

  it('checks every --allow-sources entry at start, naming the flag and the entry', () => {
    assert.deepEqual(parseAllowSources('10.0.0.0/8, ::1/128:6060, *.svc.cluster.local'), [
      '10.0.0.0/8',
      '::1/128:6060',
      '*.svc.cluster.local',
    ]);
    assert.throws(
      () => parseAllowSources('10.0.0.0/8,10.0.0.0/33'),
      (error: unknown) =>
        error instanceof ServeConfigError &&
        /^read option --allow-sources: parse source rule "10\.0\.0\.0\/33": "10\.0\.0\.0\/33" is not a CIDR; expected /.test(
          error.message,
        ),
    );
  });
});
