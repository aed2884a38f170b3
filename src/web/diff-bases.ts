// The captures a viewer can diff against (`base`, ours): the other stored captures of the same
// target, type and namespace (a bundle's profiles among them, and a bundle's profile's viewer alike) (SPEC §5: a viewer never shows another namespace's captures), listed
// from the data root's sidecars, and the diffed profile for one of them (pprof's -diff_base, with
// -normalize for `norm`). A `base` is only ever looked up in that list, so a URL can name a stored
// capture but never make the viewer read any other path.

import { decodeProfile, type DecodeOptions, type Profile } from '../pprof/index.js';
import { subtractBaseProfile, type QueryOptions } from '../query/index.js';
import { readCaptureBytes, type CaptureRecord } from '../store/index.js';
import { profileCapturesOf, siblingCaptures } from './sibling-captures.js';
import { QueryCache } from './query-cache.js';
import { ViewerRequestError } from './viewer-errors.js';
import type { DiffBaseListing, DiffBaseModel } from './view-models.js';

/** What identifies the capture a viewer shows, and where its siblings are stored. */
export interface DiffCaptureFacts {
  /** Relative to the data root. */
  readonly file: string;
  readonly type: string;
  readonly source: string;
  /** Undefined when the viewer was started on a file outside any data root. */
  readonly dataRoot?: string;
  /** How a base is decoded: the capture's own caps (the processor's `--max-stack-depth`...). */
  readonly decodeOptions?: DecodeOptions;
}

/** Diffs are built for a base and a normalize flag; a session rarely needs more than two. */
const DIFF_CACHE_SIZE = 2;

export class DiffBases<T> {
  private readonly diffs = new QueryCache<Promise<T>>(DIFF_CACHE_SIZE);

  /**
   * @param showDiff makes what the viewer serves for a diffed profile (its queries), once per
   *   base and normalize flag.
   */
  constructor(
    private readonly capture: DiffCaptureFacts,
    private readonly profile: Profile,
    private readonly showDiff: (diffed: Profile) => T,
  ) {}

  /** The other captures of the same source, type and namespace, newest first, or why there are none. */
  async list(): Promise<DiffBaseListing> {
    const { dataRoot, source, type } = this.capture;
    if (dataRoot === undefined) {
      return {
        bases: [],
        unavailable: 'This viewer was started without a data root: there are no captures to diff against.',
      };
    }
    const { namespace, records } = await this.candidates(dataRoot);
    const bases = records.reverse().map(baseModelOf);
    if (bases.length > 0) return { bases };
    return {
      bases,
      unavailable:
        namespace === undefined
          ? "This capture's record is not stored under the data root: there are no captures to diff against."
          : `No other ${type} capture of ${source} in namespace ${namespace} is stored under the data root: capture it again to diff against this one.`,
    };
  }

  /** What to serve for `options`: the diff against its `base`; undefined when it names none. */
  async diffFor(options: QueryOptions): Promise<T | undefined> {
    if (options.base === '') return undefined;
    const key = `${options.base}\n${options.normalize}`;
    const diff = this.diffs.get(key, () => this.buildDiff(options.base, options.normalize));
    // A failed load is not kept: the next request tries again (and says why again).
    diff.catch(() => this.diffs.delete(key));
    return diff;
  }

  /** The stored captures this one may be diffed against (the same type), and its namespace. */
  private async candidates(dataRoot: string): Promise<{ namespace?: string; records: CaptureRecord[] }> {
    const { namespace, records } = await siblingCaptures(dataRoot, this.capture);
    return {
      ...(namespace === undefined ? {} : { namespace }),
      // A bundle's profiles are captures too: each of the same type is a base, as a single one is.
      records: profileCapturesOf(records).filter((record) => record.type === this.capture.type),
    };
  }

  private async buildDiff(base: string, normalize: boolean): Promise<T> {
    const { dataRoot } = this.capture;
    const operation = `diff against ${JSON.stringify(base)}`;
    if (dataRoot === undefined) {
      throw new ViewerRequestError('base', operation, 'this viewer has no data root to find captures in');
    }
    const record = (await this.candidates(dataRoot)).records.find((candidate) => candidate.file === base);
    if (record === undefined) {
      throw new ViewerRequestError(
        'base',
        operation,
        `not another stored ${this.capture.type} capture of ${this.capture.source} in this namespace (see /api/bases)`,
      );
    }
    let baseProfile: Profile;
    try {
      baseProfile = decodeProfile(await readCaptureBytes(dataRoot, record.file), this.capture.decodeOptions);
    } catch (error) {
      throw new ViewerRequestError(
        'base',
        operation,
        `the stored capture cannot be read: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    try {
      return this.showDiff(subtractBaseProfile(this.profile, baseProfile, { diff: true, normalize }));
    } catch (error) {
      throw new ViewerRequestError('base', operation, (error as Error).message, { cause: error });
    }
  }
}

function baseModelOf(record: CaptureRecord): DiffBaseModel {
  return {
    file: record.file,
    capturedAt: record.capturedAt,
    sampleCount: record.sampleCount,
    ...(record.pod === undefined ? {} : { pod: `${record.pod.namespace}/${record.pod.name}` }),
    diagnosis: `${record.diagnosis.namespace}/${record.diagnosis.name}`,
  };
}
