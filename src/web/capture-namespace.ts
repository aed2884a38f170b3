// The namespace a stored capture belongs to (SPEC §5): its pod's namespace, else its diagnosis's.
// A viewer's diff bases and saved configs are those of its capture's namespace only, so one team's
// viewer never lists, diffs or edits another team's captures or configs.

import path from 'node:path';
import { isDnsLabel, type CaptureRecord } from '../store/index.js';

export function captureNamespace(record: Pick<CaptureRecord, 'pod' | 'diagnosis'>): string {
  return record.pod?.namespace ?? record.diagnosis.namespace;
}

/**
 * `<data root>/go-profiler/configs/<namespace>.json`: the Config menu's settings file of one
 * namespace, beside `profilers/` so listing captures never meets it. Undefined for a name that is
 * not a Kubernetes namespace (a DNS label), which could not be a safe file name either.
 */
export function namespaceSettingsFile(dataRoot: string, namespace: string): string | undefined {
  if (!isDnsLabel(namespace)) return undefined;
  return path.join(path.resolve(dataRoot), 'go-profiler', 'configs', `${namespace}.json`);
}
