// Reads the YAML manifests under deploy/ as plain objects (every field as written: no client
// model drops a misspelt one), and renders deploy/kustomization.yaml with `kubectl kustomize`,
// which needs no cluster.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from './fixtures.js';

export const DEPLOY_DIR = path.join(REPO_ROOT, 'deploy');

export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly annotations?: Record<string, string>;
  };
  readonly [field: string]: unknown;
}

/** The objects of a multi-document YAML text; a syntax error or a key given twice throws. */
export function parseManifests(text: string, from: string): Manifest[] {
  return parseAllDocuments(text, { uniqueKeys: true }).flatMap((document) => {
    if (document.errors.length > 0) throw new Error(`${from}: ${document.errors.map((e) => e.message).join('; ')}`);
    const object = document.toJS() as Manifest | null;
    return object === null ? [] : [object];
  });
}

/** The objects of a file under deploy/ (e.g. `samples/operationset.yaml`). */
export function readManifests(file: string): Manifest[] {
  return parseManifests(readFileSync(path.join(DEPLOY_DIR, file), 'utf8'), file);
}

/** What `kubectl apply -k deploy/` would send: the kustomization rendered by kubectl. */
export async function renderKustomization(): Promise<Manifest[]> {
  const { stdout } = await promisify(execFile)('kubectl', ['kustomize', DEPLOY_DIR], { maxBuffer: 16 << 20 });
  return parseManifests(stdout, 'kubectl kustomize deploy/');
}

/** The one object of `kind` (and `name`, when given) in `manifests`; throws when there is not exactly one. */
export function only(manifests: readonly Manifest[], kind: string, name?: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (found.length !== 1)
    throw new Error(`expected one ${kind}${name === undefined ? '' : ` ${name}`}, found ${found.length}`);
  return found[0]!;
}
