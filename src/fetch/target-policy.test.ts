import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FetchNetworkError } from './fetch-errors.js';
import { SecretNotAllowedError, TargetNotAllowedError } from './policy-errors.js';
import { checkSecretConsent } from './secret-consent.js';
import { createTargetPolicy, type ResolvedAddress, type TargetPolicyOptions } from './target-policy.js';

const ANNOTATION = 'go-profiler.kubediag.org/allowed-sources';
const SECRET = { namespace: 'kube-system', name: 'cluster-admin-token' };

/** A resolver from a table; records every name asked, to show each is resolved once. */
function tableResolver(table: Record<string, string[]>) {
  const asked: string[] = [];
  const resolveHost = async (hostname: string): Promise<ResolvedAddress[]> => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (addresses === undefined)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { asked, resolveHost };
}

function policy(overrides: Partial<TargetPolicyOptions> = {}) {
  const resolver = tableResolver({
    'web.shop.svc': ['10.1.0.7'],
    'metadata.internal': ['10.1.0.8', '169.254.169.254'],
    'two.shop.svc': ['192.0.2.9', '10.1.0.9'],
    'mapped.internal': ['::ffff:169.254.169.254'],
    'me.internal': ['192.0.2.50'],
  });
  return {
    asked: resolver.asked,
    policy: createTargetPolicy({
      allowSources: [],
      secretNamespaces: [],
      secretPolicy: 'annotated',
      consentAnnotation: ANNOTATION,
      reservedPorts: () => ({ processor: 8090, viewers: [41000, 41001] }),
      localAddresses: () => ['192.0.2.50'],
      resolveHost: resolver.resolveHost,
      ...overrides,
    }),
  };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => assert.fail('allowed'),
    (failure: unknown) => failure,
  );
  assert.ok(error instanceof TargetNotAllowedError || error instanceof SecretNotAllowedError, String(error));
  return error.message;
}

describe('the target policy', () => {
  it('resolves once and returns the checked address to connect to', async () => {
    const { policy: allowAll, asked } = policy();
    assert.deepEqual(await allowAll.checkTarget(new URL('http://web.shop.svc:6060'), undefined), {
      address: '10.1.0.7',
      family: 4,
    });
    assert.deepEqual(await allowAll.checkTarget(new URL('http://[::1]:6060'), undefined), {
      address: '::1',
      family: 6,
    });
    assert.deepEqual(await allowAll.checkTarget(new URL('http://0x7f.1:6060'), undefined), {
      address: '127.0.0.1',
      family: 4,
    });
    assert.deepEqual(asked, ['web.shop.svc'], 'IP literals are not resolved');
  });

  it('always refuses link-local, unspecified and this process’s own ports on local addresses', async () => {
    const { policy: allowAll } = policy();
    const cases: [string, string][] = [
      [
        'http://169.254.169.254',
        'check source http://169.254.169.254: 169.254.169.254 is a link-local address: always refused',
      ],
      [
        'http://0251.0376.0251.0376',
        'check source http://169.254.169.254: 169.254.169.254 is a link-local address: always refused',
      ],
      ['http://[fe80::1]:6060', 'check source http://[fe80::1]:6060: fe80::1 is a link-local address: always refused'],
      [
        'http://[::ffff:169.254.169.254]',
        'check source http://[::ffff:a9fe:a9fe]: ::ffff:a9fe:a9fe (169.254.169.254) is a link-local address: always refused',
      ],
      ['http://0.0.0.0:6060', 'check source http://0.0.0.0:6060: 0.0.0.0 is an unspecified address: always refused'],
      ['http://0:6060', 'check source http://0.0.0.0:6060: 0.0.0.0 is an unspecified address: always refused'],
      ['http://[::]:6060', 'check source http://[::]:6060: :: is an unspecified address: always refused'],
      [
        'http://[::ffff:0.0.0.0]:6060',
        'check source http://[::ffff:0:0]:6060: ::ffff:0:0 (0.0.0.0) is an unspecified address: always refused',
      ],
      [
        'http://metadata.internal',
        'check source http://metadata.internal: metadata.internal (169.254.169.254) is a link-local address: always refused',
      ],
      [
        'http://mapped.internal',
        'check source http://mapped.internal: mapped.internal (169.254.169.254) is a link-local address: always refused',
      ],
      [
        'http://127.0.0.1:8090',
        "check source http://127.0.0.1:8090: port 8090 of 127.0.0.1, an address of this host, is the processor's own port: always refused",
      ],
      [
        'http://2130706433:8090',
        "check source http://127.0.0.1:8090: port 8090 of 127.0.0.1, an address of this host, is the processor's own port: always refused",
      ],
      [
        'http://127.0.0.2:41001',
        "check source http://127.0.0.2:41001: port 41001 of 127.0.0.2, an address of this host, is a live viewer's port: always refused",
      ],
      [
        'http://[::1]:41000',
        "check source http://[::1]:41000: port 41000 of ::1, an address of this host, is a live viewer's port: always refused",
      ],
      [
        'http://me.internal:8090',
        "check source http://me.internal:8090: port 8090 of me.internal (192.0.2.50), an address of this host, is the processor's own port: always refused",
      ],
    ];
    for (const [source, message] of cases) {
      assert.equal(await refusal(allowAll.checkTarget(new URL(source), undefined)), message, source);
    }
    // The same ports elsewhere, and other ports here, are fine.
    assert.deepEqual(await allowAll.checkTarget(new URL('http://10.1.0.7:8090'), undefined), {
      address: '10.1.0.7',
      family: 4,
    });
    assert.deepEqual(await allowAll.checkTarget(new URL('http://127.0.0.1:8091'), undefined), {
      address: '127.0.0.1',
      family: 4,
    });
  });

  it('with --allow-sources, allows what an entry matches and connects to a matching address', async () => {
    const { policy: listed } = policy({ allowSources: ['10.1.0.0/16:6060', '*.svc.cluster.local', '[::1]:6060'] });
    assert.deepEqual(await listed.checkTarget(new URL('http://10.1.2.3:6060'), undefined), {
      address: '10.1.2.3',
      family: 4,
    });
    assert.deepEqual(await listed.checkTarget(new URL('http://two.shop.svc:6060'), undefined), {
      address: '10.1.0.9',
      family: 4,
    });
    assert.deepEqual(await listed.checkTarget(new URL('http://[::1]:6060'), undefined), { address: '::1', family: 6 });
    assert.equal(
      await refusal(listed.checkTarget(new URL('http://10.1.2.3:6061'), undefined)),
      'check source http://10.1.2.3:6061: no entry of --allow-sources allows this host or its address 10.1.2.3 on port 6061',
    );
    assert.equal(
      await refusal(listed.checkTarget(new URL('http://two.shop.svc'), undefined)),
      'check source http://two.shop.svc: no entry of --allow-sources allows this host or its addresses 192.0.2.9, 10.1.0.9 on port 80',
    );
    // Allowed by the list, still refused: one of its addresses is link-local.
    const byName = policy({ allowSources: ['metadata.internal'] }).policy;
    assert.match(
      await refusal(byName.checkTarget(new URL('http://metadata.internal'), undefined)),
      /link-local address: always refused$/,
    );
  });

  it('refuses Secrets outside --secret-namespaces before anything is resolved', async () => {
    const { policy: scoped, asked } = policy({ secretNamespaces: ['monitoring'] });
    assert.equal(
      await refusal(scoped.checkTarget(new URL('https://web.shop.svc'), SECRET)),
      'check secret kube-system/cluster-admin-token: Secrets are read only in the namespaces monitoring (--secret-namespaces)',
    );
    assert.deepEqual(asked, []);
    await scoped.checkTarget(new URL('https://web.shop.svc'), { namespace: 'monitoring', name: 'pprof' });
  });

  it('names a lookup failure as a fetch failure, not a refusal', async () => {
    await assert.rejects(
      policy().policy.checkTarget(new URL('http://nowhere.invalid:6060'), undefined),
      (error: unknown) => {
        assert.ok(error instanceof FetchNetworkError);
        assert.equal(error.message, 'fetch http://nowhere.invalid:6060/: host not found (ENOTFOUND)');
        return true;
      },
    );
  });

  it('asks for the annotation only with --secret-policy annotated', () => {
    const url = new URL('https://127.0.0.2:41234');
    assert.throws(() => policy().policy.checkSecretConsent(url, SECRET, {}), SecretNotAllowedError);
    policy({ secretPolicy: 'any' }).policy.checkSecretConsent(url, SECRET, {});
  });
});

describe('a Secret owner’s consent', () => {
  const allows = (annotation: string | undefined, source: string) => {
    try {
      checkSecretConsent(new URL(source), SECRET, ANNOTATION, annotation);
      return true;
    } catch (error) {
      assert.ok(error instanceof SecretNotAllowedError);
      return false;
    }
  };

  it('names the annotation to add, and its value', () => {
    assert.throws(
      () => checkSecretConsent(new URL('https://127.0.0.2:41234/debug/pprof/heap'), SECRET, ANNOTATION, undefined),
      {
        message:
          'check secret kube-system/cluster-admin-token: its owner has not allowed its token to be sent to https://127.0.0.2:41234: add the annotation go-profiler.kubediag.org/allowed-sources=https://127.0.0.2:41234 to Secret kube-system/cluster-admin-token',
      },
    );
    assert.throws(
      () =>
        checkSecretConsent(
          new URL('https://web.shop.svc/debug/pprof/heap'),
          SECRET,
          ANNOTATION,
          'https://api.shop.svc',
        ),
      {
        message:
          'check secret kube-system/cluster-admin-token: its annotation go-profiler.kubediag.org/allowed-sources does not name https://web.shop.svc: add https://web.shop.svc to the annotation go-profiler.kubediag.org/allowed-sources of Secret kube-system/cluster-admin-token',
      },
    );
  });

  it('matches names, IPs, *.suffix and ports (443 when none)', () => {
    const rows: [string | undefined, string, boolean][] = [
      ['https://127.0.0.2:41234', 'https://127.0.0.2:41234', true],
      ['https://127.0.0.2:41234', 'https://127.0.0.2:41235', false],
      ['https://127.0.0.2:41234', 'https://0x7f.2:41234', true],
      ['https://127.0.0.2', 'https://127.0.0.2', true],
      ['https://127.0.0.2', 'https://127.0.0.2:443', true],
      ['https://127.0.0.2', 'https://127.0.0.2:8443', false],
      ['https://127.0.0.2:443', 'https://127.0.0.2', true],
      ['https://[::1]:6443', 'https://[0:0::1]:6443', true],
      ['https://a.example,https://web.shop.svc:6060', 'https://web.shop.svc:6060', true],
      [' https://a.example , https://Web.Shop.Svc:6060/ ', 'https://web.shop.svc.:6060', true],
      ['https://*.shop.svc:6060', 'https://web.shop.svc:6060', true],
      ['https://*.shop.svc:6060', 'https://a.web.shop.svc:6060', true],
      ['https://*.shop.svc:6060', 'https://shop.svc:6060', false],
      ['https://*.shop.svc:6060', 'https://evilshop.svc:6060', false],
      ['https://*.0.0.2:41234', 'https://127.0.0.2:41234', false],
      ['http://127.0.0.2:41234', 'https://127.0.0.2:41234', false],
      ['https://127.0.0.2:41234/debug', 'https://127.0.0.2:41234', false],
      ['https://user@127.0.0.2:41234', 'https://127.0.0.2:41234', false],
      ['127.0.0.2:41234', 'https://127.0.0.2:41234', false],
      ['', 'https://127.0.0.2:41234', false],
      ['https://127.0.0.2:41234', 'http://127.0.0.2:41234', false],
    ];
    for (const [annotation, source, expected] of rows) {
      assert.equal(allows(annotation, source), expected, `${annotation} → ${source}`);
    }
  });
});
