import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PodPortError } from './pod-errors.js';
import { parsePodPort, resolvePodPort, type PodPorts } from './pod-port.js';
import { checkPodReference, PodNameError } from './pod-reference.js';

const pod = { namespace: 'shop', name: 'web-0' };

function ports(...list: { name?: string; containerPort: number; protocol?: string }[]): PodPorts {
  return { containers: [{ ports: list.slice(0, 1) }, { ports: list.slice(1) }, {}] };
}

describe('parsePodPort', () => {
  it('reads numbers and port names', () => {
    assert.deepEqual(parsePodPort('6060'), { number: 6060 });
    assert.deepEqual(parsePodPort(' 1 '), { number: 1 });
    assert.deepEqual(parsePodPort('65535'), { number: 65535 });
    assert.deepEqual(parsePodPort('http-pprof'), { name: 'http-pprof' });
    assert.deepEqual(parsePodPort('p8080'), { name: 'p8080' });
  });

  it('refuses what is neither, saying why', () => {
    for (const text of ['0', '65536', '99999999']) {
      assert.throws(() => parsePodPort(text), {
        name: 'PodPortError',
        message: `parse port ${JSON.stringify(text)}: a port number is 1 to 65535`,
      });
    }
    const reason = 'neither a port number nor a port name (at most 15 characters of a-z, 0-9 and "-", with a letter)';
    for (const text of [
      '',
      'HTTP',
      '-pprof',
      'pprof-',
      'http--pprof',
      'a-very-long-port-name',
      '80-80',
      'a/b',
      '6060?x',
    ]) {
      assert.throws(() => parsePodPort(text), {
        name: 'PodPortError',
        message: `parse port ${JSON.stringify(text)}: ${reason}`,
      });
    }
  });

  it('blames the port key', () => {
    assert.throws(
      () => parsePodPort('x y'),
      (error: unknown) => error instanceof PodPortError && error.refused === 'port',
    );
  });
});

describe('resolvePodPort', () => {
  it('searches pprof, then http-pprof, then metrics, across containers', () => {
    const all = ports(
      { name: 'metrics', containerPort: 9090 },
      { name: 'http-pprof', containerPort: 8081 },
      { name: 'pprof', containerPort: 7070 },
    );
    assert.deepEqual(resolvePodPort(pod, all, undefined), { port: 7070, portName: 'pprof' });
    const noPprof = ports({ name: 'metrics', containerPort: 9090 }, { name: 'http-pprof', containerPort: 8081 });
    assert.deepEqual(resolvePodPort(pod, noPprof, undefined), { port: 8081, portName: 'http-pprof' });
    assert.deepEqual(resolvePodPort(pod, ports({ name: 'metrics', containerPort: 9090 }), undefined), {
      port: 9090,
      portName: 'metrics',
    });
  });

  it('falls back to 6060 without a port of those names, and skips UDP ports', () => {
    assert.deepEqual(resolvePodPort(pod, ports({ name: 'http', containerPort: 8080 }), undefined), { port: 6060 });
    assert.deepEqual(resolvePodPort(pod, { containers: [] }, undefined), { port: 6060 });
    const udp = ports(
      { name: 'pprof', containerPort: 53, protocol: 'UDP' },
      { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    );
    assert.deepEqual(resolvePodPort(pod, udp, undefined), { port: 9090, portName: 'metrics' });
  });

  it('looks a name up, and names a number the pod declares', () => {
    const spec = ports({ name: 'http', containerPort: 8080 }, { name: 'debug', containerPort: 6061 });
    assert.deepEqual(resolvePodPort(pod, spec, { name: 'debug' }), { port: 6061, portName: 'debug' });
    assert.deepEqual(resolvePodPort(pod, spec, { number: 8080 }), { port: 8080, portName: 'http' });
    assert.deepEqual(resolvePodPort(pod, spec, { number: 1234 }), { port: 1234 });
  });

  it('says which names the pod has when the wanted one is missing', () => {
    const spec = ports({ name: 'http', containerPort: 8080 }, { containerPort: 6061 });
    assert.throws(() => resolvePodPort(pod, spec, { name: 'pprof' }), {
      name: 'PodPortError',
      message: 'find port pprof of pod shop/web-0: no container port has this name (the pod declares http (8080))',
    });
    assert.throws(() => resolvePodPort(pod, { containers: [] }, { name: 'pprof' }), {
      name: 'PodPortError',
      message: 'find port pprof of pod shop/web-0: no container port has this name (the pod declares no named port)',
    });
  });
});

describe('checkPodReference', () => {
  it('accepts Kubernetes names and refuses anything that could change the API path', () => {
    assert.deepEqual(checkPodReference({ namespace: 'kube-system', name: 'web-0.a' }), {
      namespace: 'kube-system',
      name: 'web-0.a',
    });
    assert.throws(() => checkPodReference({ namespace: 'shop', name: 'web-0/../x' }), {
      name: 'PodNameError',
      message: 'parse pod.name "web-0/../x": not a pod name (a DNS-1123 subdomain)',
    });
    assert.throws(
      () => checkPodReference({ namespace: 'Shop', name: 'web-0' }),
      (error: unknown) => {
        return error instanceof PodNameError && error.refused === 'pod.namespace';
      },
    );
    assert.throws(() => checkPodReference({ namespace: 'shop', name: 'web:6060' }), { name: 'PodNameError' });
  });
});
