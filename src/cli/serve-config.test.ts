import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, it } from 'node:test';
import { chooseAdvertiseAddress, parseListenAddress, parseSeconds, ServeConfigError } from './serve-config.js';

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
