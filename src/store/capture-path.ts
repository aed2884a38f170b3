// Where a capture lives under the data root, and the guard that keeps every path inside it.

import { GoProfilerError } from '../errors/index.js';
import path from 'node:path';
import { isDnsLabel, isDnsSubdomain } from './kubernetes-names.js';

/** The folder under the data root that holds every capture (the original processor's). */
export const CAPTURES_DIR = 'profilers/go/pprof';

/** A path from a request or a sidecar would leave the data root, or a name is not a Kubernetes name. */
export class UnsafeCapturePathError extends GoProfilerError {
  override readonly name = 'UnsafeCapturePathError';
  constructor(what: string, reason: string) {
    super(`resolve capture path ${JSON.stringify(what)}`, reason);
  }
}

export interface PodReference {
  readonly namespace: string;
  readonly name: string;
  /** "" when the request named no container. */
  readonly container: string;
}

export interface CapturePathParts {
  readonly capturedAt: Date;
  /** Canonical type name (`Heap`); ends the file name. */
  readonly type: string;
  readonly diagnosisNamespace: string;
  readonly diagnosisName: string;
  readonly pod?: PodReference;
}

/**
 * The capture's folder and file stem (no `.prof`), relative to the data root, with `/` separators.
 * Every part must already be a Kubernetes name (the processor answers 400 otherwise); this checks
 * again so no caller can build a path out of the data root.
 */
export function buildCapturePath(parts: CapturePathParts): { dir: string; stem: string } {
  requireName(parts.diagnosisNamespace, isDnsLabel, 'diagnosis namespace');
  requireName(parts.diagnosisName, isDnsSubdomain, 'diagnosis name');
  if (!/^[A-Za-z]+$/.test(parts.type)) throw new UnsafeCapturePathError(parts.type, 'the type is not a word');
  const segments = [CAPTURES_DIR];
  if (parts.pod !== undefined) {
    const { namespace, name, container } = parts.pod;
    requireName(namespace, isDnsLabel, 'pod namespace');
    requireName(name, isDnsSubdomain, 'pod name');
    if (container !== '') requireName(container, isDnsLabel, 'container');
    segments.push([namespace, name, container].filter((part) => part !== '').join('.'));
  }
  segments.push(formatUtcStamp(parts.capturedAt));
  return { dir: segments.join('/'), stem: `${parts.diagnosisNamespace}.${parts.diagnosisName}.${parts.type}` };
}

/** `YYYYMMDDhhmmss` in UTC, as the original's folder names. */
export function formatUtcStamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * The absolute path of `file` (relative to `dataRoot`, as in `result.file` and sidecars), after
 * checking that it stays inside the data root's captures folder.
 */
export function resolveCaptureFile(dataRoot: string, file: string): string {
  if (file === '' || file.includes('\0') || path.isAbsolute(file)) {
    throw new UnsafeCapturePathError(file, 'not a relative path');
  }
  const root = path.resolve(dataRoot, CAPTURES_DIR);
  const resolved = path.resolve(dataRoot, file);
  const inside = path.relative(root, resolved);
  if (inside === '' || inside.split(path.sep)[0] === '..' || path.isAbsolute(inside)) {
    throw new UnsafeCapturePathError(file, `outside ${CAPTURES_DIR} of the data root`);
  }
  return resolved;
}

function requireName(value: string, isValid: (value: string) => boolean, what: string): void {
  if (!isValid(value)) throw new UnsafeCapturePathError(value, `the ${what} is not a valid Kubernetes name`);
}
