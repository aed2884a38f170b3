// TYPE and TARGET of `capture`/`view`, and the default file names, without a network.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  captureTimestamp,
  defaultCaptureFile,
  isCaptureTarget,
  parseCaptureTarget,
  parseCaptureType,
  parseNamespace,
  typeOfUrl,
  urlFileStem,
} from './capture-target.js';

describe('capture TYPE and TARGET', () => {
  it('reads the seven types case-insensitively, and cpu as Profile', () => {
    assert.deepEqual(['heap', 'HEAP', 'profile', 'cpu', 'CPU', 'threadcreate', 'Mutex'].map(parseCaptureType), [
      'Heap',
      'Heap',
      'Profile',
      'Profile',
      'Profile',
      'Threadcreate',
      'Mutex',
    ]);
    assert.throws(() => parseCaptureType('memory'), {
      name: 'UsageError',
      message:
        'parse argument TYPE "memory": not a profile type (one of profile or cpu, heap, goroutine, allocs, block, mutex, threadcreate)',
    });
  });

  it("takes pod/NAME (and kubectl's pods/, po/) and URLs by the processor's rules", () => {
    assert.deepEqual(parseCaptureTarget('pod/web-0', 'Heap', 30), { kind: 'pod', name: 'web-0' });
    assert.deepEqual(parseCaptureTarget('po/web-0.shard', 'Heap', 30), { kind: 'pod', name: 'web-0.shard' });
    const url = parseCaptureTarget('http://10.0.0.7:6060/', 'Profile', 5);
    assert.equal(url.kind === 'url' ? url.url.toString() : '', 'http://10.0.0.7:6060/debug/pprof/profile?seconds=5');
    assert.deepEqual(
      [isCaptureTarget('pod/x'), isCaptureTarget('HTTP://x'), isCaptureTarget('heap.pb.gz')],
      [true, true, false],
    );
  });

  it('names what is wrong with a bad TARGET', () => {
    const cases: [string, string][] = [
      [
        'web-0',
        'parse argument TARGET "web-0": neither a URL (http://host:6060) nor pod/NAME (kubectl get pods lists the names)',
      ],
      ['pod/Web_0', 'parse argument TARGET "pod/Web_0": "Web_0" is not a pod name'],
      ['ftp://host', 'parse argument TARGET "ftp://host": scheme "ftp" is not supported (use http or https)'],
      [
        'http://host/debug/pprof/heap',
        'parse argument TARGET "http://host/debug/pprof/heap": the path names the profile "heap" but the type Goroutine is served at /debug/pprof/goroutine',
      ],
    ];
    for (const [word, message] of cases) {
      assert.throws(() => parseCaptureTarget(word, 'Goroutine', 30), { name: 'UsageError', message }, word);
    }
    assert.throws(() => parseNamespace('Shop'), { message: 'parse option --namespace "Shop": not a namespace name' });
  });

  it("reads a URL's type as pprof does: its /debug/pprof/NAME, else the CPU profile", () => {
    assert.deepEqual(
      ['http://h:6060', 'http://h:6060/debug/pprof/heap', 'http://h/debug/pprof/mutex?debug=0'].map(typeOfUrl),
      ['Profile', 'Heap', 'Mutex'],
    );
  });

  it('names files NS.NAME.TYPE.TIMESTAMP.pb.gz, a URL by HOST_PORT, in UTC', () => {
    const at = new Date(Date.UTC(2026, 11, 6, 20, 15, 3, 999));
    assert.equal(captureTimestamp(at), '20261206201503');
    assert.equal(defaultCaptureFile('.', 'shop.web-0', 'Heap', at), 'shop.web-0.Heap.20261206201503.pb.gz');
    assert.equal(defaultCaptureFile('out', 'shop.web-0', 'Heap', at, 2), 'out/shop.web-0.Heap.20261206201503-2.pb.gz');
    assert.deepEqual(
      ['http://127.0.0.1:6060', 'https://[::1]:8443/x', 'http://web.shop.svc', 'https://api.example'].map((url) =>
        urlFileStem(new URL(url)),
      ),
      ['127.0.0.1_6060', '--1_8443', 'web.shop.svc_80', 'api.example_443'],
    );
  });
});
