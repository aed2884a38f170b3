import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIpAddress, isInSubnet, parseIpAddress, parseIpSubnet } from './ip-address.js';
import { parseSourceRule, SourceRuleError, sourceRuleMatches } from './source-rules.js';

const ip = (text: string) => parseIpAddress(text) ?? assert.fail(`${text} is not an IP`);

describe('IP addresses', () => {
  it('reads IPv4, IPv6 and IPv4-mapped IPv6 as the IPv4 address the kernel connects to', () => {
    assert.deepEqual(ip('10.1.2.3'), { family: 4, bytes: Uint8Array.of(10, 1, 2, 3) });
    assert.deepEqual(ip('::ffff:169.254.169.254'), { family: 4, bytes: Uint8Array.of(169, 254, 169, 254) });
    assert.deepEqual(ip('::ffff:a9fe:a9fe'), ip('169.254.169.254'));
    assert.deepEqual(ip('0:0:0:0:0:ffff:7f00:1'), ip('127.0.0.1'));
    assert.equal(ip('fe80::1').family, 6);
    assert.equal(formatIpAddress(ip('0:0:0:0:0:0:0:1')), '::1');
    assert.equal(formatIpAddress(ip('2001:db8::ff00:42:8329')), '2001:db8::ff00:42:8329');
    for (const bad of ['', 'localhost', '1.2.3', '256.0.0.1', 'fe80::1%eth0', '[::1]', '::g']) {
      assert.equal(parseIpAddress(bad), undefined, bad);
    }
  });

  it('matches subnets bit by bit, never across families', () => {
    const subnet = (text: string) => parseIpSubnet(text) ?? assert.fail(text);
    assert.equal(isInSubnet(ip('10.255.0.1'), subnet('10.0.0.0/8')), true);
    assert.equal(isInSubnet(ip('11.0.0.1'), subnet('10.0.0.0/8')), false);
    assert.equal(isInSubnet(ip('192.168.1.130'), subnet('192.168.1.128/25')), true);
    assert.equal(isInSubnet(ip('192.168.1.127'), subnet('192.168.1.128/25')), false);
    assert.equal(isInSubnet(ip('fe80::abcd'), subnet('fe80::/10')), true);
    assert.equal(isInSubnet(ip('febf::1'), subnet('fe80::/10')), true);
    assert.equal(isInSubnet(ip('fec0::1'), subnet('fe80::/10')), false);
    assert.equal(isInSubnet(ip('::ffff:10.0.0.1'), subnet('10.0.0.0/8')), true);
    assert.equal(isInSubnet(ip('10.0.0.1'), subnet('::ffff:10.0.0.0/104')), true);
    assert.equal(isInSubnet(ip('10.0.0.1'), subnet('::/0')), false);
    assert.equal(isInSubnet(ip('1.2.3.4'), subnet('0.0.0.0/0')), true);
    for (const bad of ['10.0.0.0/33', '::/129', '10.0.0.0', 'x/8', '10.0.0.0/-1']) {
      assert.equal(parseIpSubnet(bad), undefined, bad);
    }
  });
});

describe('--allow-sources entries', () => {
  const matches = (entry: string, hostname: string, address: string, port: number) =>
    sourceRuleMatches(parseSourceRule(entry), hostname, ip(address), port);

  it('reads CIDRs, bare IPs and host patterns, each with an optional port', () => {
    const cases: [string, object][] = [
      ['10.0.0.0/8', { kind: 'subnet', subnet: parseIpSubnet('10.0.0.0/8') }],
      ['10.0.0.0/8:6060', { kind: 'subnet', subnet: parseIpSubnet('10.0.0.0/8'), port: 6060 }],
      ['::1/128', { kind: 'subnet', subnet: parseIpSubnet('::1/128') }],
      ['::1/128:6060', { kind: 'subnet', subnet: parseIpSubnet('::1/128'), port: 6060 }],
      ['[::1]/128:6060', { kind: 'subnet', subnet: parseIpSubnet('::1/128'), port: 6060 }],
      ['::1', { kind: 'subnet', subnet: parseIpSubnet('::1/128') }],
      ['[::1]:6060', { kind: 'subnet', subnet: parseIpSubnet('::1/128'), port: 6060 }],
      ['10.1.2.3:443', { kind: 'subnet', subnet: parseIpSubnet('10.1.2.3/32'), port: 443 }],
      ['web.shop.svc', { kind: 'host', pattern: 'web.shop.svc' }],
      ['Web.Shop.SVC:6060', { kind: 'host', pattern: 'web.shop.svc', port: 6060 }],
      ['*.svc.cluster.local', { kind: 'host', pattern: '*.svc.cluster.local' }],
      ['*.svc.cluster.local.:8443', { kind: 'host', pattern: '*.svc.cluster.local', port: 8443 }],
    ];
    for (const [entry, expected] of cases) {
      assert.deepEqual(parseSourceRule(entry), { text: entry, ...expected }, entry);
    }
  });

  it('refuses entries that are neither, naming the entry', () => {
    const cases: [string, RegExp][] = [
      ['10.0.0.0/33', /^parse source rule "10\.0\.0\.0\/33": "10\.0\.0\.0\/33" is not a CIDR; expected a CIDR/],
      ['host:0', /^parse source rule "host:0": "0" is not a port from 1 to 65535$/],
      ['host:65536', /"65536" is not a port/],
      ['host:', /"" is not a port/],
      ['*', /"\*" is not a host name/],
      ['a.*.b', /"a\.\*\.b" is not a host name/],
      ['web_shop', /"web_shop" is not a host name/],
      ['-web.svc', /is not a host name/],
      ['http://web.svc', /^parse source rule "http:\/\/web\.svc": expected a CIDR/],
      ['a:b:c', /expected a CIDR/],
      ['[web.svc]:80', /: brackets hold only an IPv6 address$/],
    ];
    for (const [entry, message] of cases) {
      assert.throws(
        () => parseSourceRule(entry),
        (error: unknown) => error instanceof SourceRuleError && message.test(error.message),
        entry,
      );
    }
  });

  it('matches by address, host name and port', () => {
    assert.equal(matches('10.0.0.0/8', 'pod.ns', '10.9.8.7', 6060), true);
    assert.equal(matches('10.0.0.0/8:6060', 'pod.ns', '10.9.8.7', 6061), false);
    assert.equal(matches('::1/128', '::1', '::1', 80), true);
    assert.equal(matches('10.0.0.0/8', '::ffff:10.0.0.1', '::ffff:10.0.0.1', 80), true);
    assert.equal(matches('web.shop.svc', 'WEB.shop.svc.', '192.0.2.1', 80), true);
    assert.equal(matches('web.shop.svc', 'xweb.shop.svc', '192.0.2.1', 80), false);
    assert.equal(matches('*.svc.cluster.local', 'a.b.svc.cluster.local', '192.0.2.1', 80), true);
    assert.equal(matches('*.svc.cluster.local', 'svc.cluster.local', '192.0.2.1', 80), false);
    assert.equal(matches('*.svc.cluster.local', 'evilsvc.cluster.local', '192.0.2.1', 80), false);
    assert.equal(matches('*.svc.cluster.local:6060', 'a.svc.cluster.local', '192.0.2.1', 443), false);
    // A host pattern never matches an IP literal, however its digits end.
    assert.equal(matches('*.0.0.2', '127.0.0.2', '127.0.0.2', 80), false);
  });
});
