// Which port of a pod a profile is fetched from (SPEC §6): a number, a container port name looked
// up in the pod's spec, or, when none is given, the first container port named `pprof`, else
// `http-pprof`, else `metrics`, else 6060.

import { PodPortError, podText, type PodReference } from './pod-errors.js';

/** The names searched, in order, when the request names no port. */
export const DEFAULT_PORT_NAMES = ['pprof', 'http-pprof', 'metrics'] as const;
/** net/http/pprof's customary port, when no container port has one of the names above. */
export const DEFAULT_POD_PORT = 6060;

/** A port as written: a number, or a container port name to look up. */
export type PodPortSpec = { readonly number: number } | { readonly name: string };

/** The containers' ports as the Pod object lists them (V1ContainerPort's fields we read). */
export interface PodPorts {
  readonly containers: readonly {
    readonly ports?: readonly { readonly name?: string; readonly containerPort: number; readonly protocol?: string }[];
  }[];
}

export interface ResolvedPodPort {
  readonly port: number;
  /** The container port's name, when the port came from the pod's spec and has one. */
  readonly portName?: string;
}

/**
 * Parses a port as the user wrote it: 1–65535, or a port name (Kubernetes' IANA_SVC_NAME: at
 * most 15 characters of a-z, 0-9 and `-`, at least one letter, no `-` at either end nor `--`).
 */
export function parsePodPort(text: string): PodPortSpec {
  const port = text.trim();
  const action = `parse port ${JSON.stringify(text)}`;
  if (/^\d+$/.test(port)) {
    const number = Number(port);
    if (number < 1 || number > 65535) throw new PodPortError(text, action, 'a port number is 1 to 65535');
    return { number };
  }
  const isName = port.length <= 15 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(port) && /[a-z]/.test(port);
  if (!isName) {
    throw new PodPortError(
      text,
      action,
      'neither a port number nor a port name (at most 15 characters of a-z, 0-9 and "-", with a letter)',
    );
  }
  return { name: port };
}

/** The port to proxy to on `pod`, from the request's port (parsed) or SPEC §6's search. */
export function resolvePodPort(pod: PodReference, spec: PodPorts, wanted: PodPortSpec | undefined): ResolvedPodPort {
  const ports = spec.containers.flatMap((container) => container.ports ?? []).filter(isTcp);
  if (wanted !== undefined && 'number' in wanted) {
    const named = ports.find((port) => port.containerPort === wanted.number)?.name;
    return named === undefined ? { port: wanted.number } : { port: wanted.number, portName: named };
  }
  if (wanted !== undefined) {
    const found = ports.find((port) => port.name === wanted.name);
    if (found === undefined) {
      const names = ports.flatMap((port) => (port.name === undefined ? [] : [`${port.name} (${port.containerPort})`]));
      const declared = names.length === 0 ? 'declares no named port' : `declares ${names.join(', ')}`;
      throw new PodPortError(
        wanted.name,
        `find port ${wanted.name} of pod ${podText(pod)}`,
        `no container port has this name (the pod ${declared})`,
      );
    }
    return { port: found.containerPort, portName: wanted.name };
  }
  for (const name of DEFAULT_PORT_NAMES) {
    const found = ports.find((port) => port.name === name);
    if (found !== undefined) return { port: found.containerPort, portName: name };
  }
  return { port: DEFAULT_POD_PORT };
}

/** The pod proxy speaks HTTP over TCP: a UDP or SCTP port of the same name is never the one. */
function isTcp(port: { readonly protocol?: string }): boolean {
  return port.protocol === undefined || port.protocol === 'TCP';
}
