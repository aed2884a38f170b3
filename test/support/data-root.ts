// A temporary data root holding real fixtures stored as the processor stores captures (the
// store's layout, a sidecar beside each), and viewers started on them as the processor starts
// them: what diff tests need.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodeProfile } from '../../src/pprof/index.js';
import { saveCapture, type CaptureRecord } from '../../src/store/index.js';
import type { DecodedCapture } from '../../src/web/viewer-server.js';
import { fixturePath } from './fixtures.js';

export interface StoredFixture {
  readonly fixture: string;
  readonly type: string;
  readonly source: string;
  readonly capturedAt: Date;
  readonly diagnosisName?: string;
  /** The Diagnosis's namespace; default `default`. */
  readonly diagnosisNamespace?: string;
  /** The pod captured through the pod proxy, if any (its namespace is the capture's). */
  readonly pod?: { readonly namespace: string; readonly name: string };
}

export interface TestDataRoot {
  readonly dataRoot: string;
  /** Each stored fixture's sidecar record, in the order given. */
  readonly records: readonly CaptureRecord[];
  /** The viewer capture of records[i], as the processor would hand it to startViewer. */
  captureOf(index: number, extra?: Partial<DecodedCapture>): Promise<DecodedCapture>;
  remove(): Promise<void>;
}

export async function makeDataRoot(fixtures: readonly StoredFixture[]): Promise<TestDataRoot> {
  const dataRoot = await mkdtemp(path.join(os.tmpdir(), 'go-profiler-diff-'));
  const records: CaptureRecord[] = [];
  const bytesOf: Uint8Array[] = [];
  for (const stored of fixtures) {
    const bytes = new Uint8Array(await readFile(fixturePath(stored.fixture)));
    const profile = decodeProfile(bytes);
    const diagnosisNamespace = stored.diagnosisNamespace ?? 'default';
    const pod = stored.pod === undefined ? undefined : { ...stored.pod, container: '' };
    const record = await saveCapture(dataRoot, {
      bytes,
      path: {
        capturedAt: stored.capturedAt,
        type: stored.type,
        diagnosisNamespace,
        diagnosisName: stored.diagnosisName ?? 'demo',
        ...(pod === undefined ? {} : { pod }),
      },
      record: {
        source: stored.source,
        url: `${stored.source}/debug/pprof/${stored.type.toLowerCase()}`,
        type: stored.type,
        requestedAt: stored.capturedAt.toISOString(),
        capturedAt: stored.capturedAt.toISOString(),
        sampleTypes: profile.sampleTypes.map(({ type, unit }) => ({ type, unit })),
        sampleCount: profile.samples.count,
        ...(pod === undefined ? {} : { pod }),
        diagnosis: { namespace: diagnosisNamespace, name: stored.diagnosisName ?? 'demo' },
      },
    });
    records.push(record);
    bytesOf.push(bytes);
  }
  return {
    dataRoot,
    records,
    async captureOf(index, extra = {}) {
      const record = records[index]!;
      const rawBytes = bytesOf[index]!;
      return {
        profile: decodeProfile(rawBytes),
        rawBytes,
        file: record.file,
        type: record.type,
        source: record.source,
        capturedAt: new Date(record.capturedAt),
        dataRoot,
        namespace: record.pod?.namespace ?? record.diagnosis.namespace,
        ...extra,
      };
    },
    remove: () => rm(dataRoot, { recursive: true, force: true }),
  };
}

/** The source of HEAP_CAPTURE_PAIR. */
export const PAIR_SOURCE = 'http://10.0.0.7:6060';

/** Two heap captures of one source an hour apart: the second diffs against the first. */
export const HEAP_CAPTURE_PAIR: readonly StoredFixture[] = [
  { fixture: 'heap-small.pb.gz', type: 'Heap', source: PAIR_SOURCE, capturedAt: new Date('2026-11-25T06:00:00Z') },
  { fixture: 'heap-sparse.pb.gz', type: 'Heap', source: PAIR_SOURCE, capturedAt: new Date('2026-11-25T07:00:00Z') },
];
