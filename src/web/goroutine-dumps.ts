// A session's goroutine dump (Go's `debug=2` text stored beside its capture): where it is, its
// groups (parsed once per session, in a worker thread: goroutine-dump-reader.ts), and the stored
// dumps of the same target it can be compared with. A `base` is only ever looked up among those, as
// diff-bases.ts does for profiles.

import { existsSync } from 'node:fs';
import {
  compareGoroutineGroups,
  formatWaits,
  TRUNCATED_DUMP_NOTE,
  type GoroutineFrame,
  type GoroutineGroup,
  type GoroutineGroupGrowth,
} from '../query/index.js';
import { resolveCaptureFile, type CaptureRecord } from '../store/index.js';
import { sharedGoroutineDumpReader, type GoroutineDumpReader, type ReadDump } from './goroutine-dump-reader.js';
import { siblingCaptures } from './sibling-captures.js';
import {
  MAX_LISTED_IDS,
  type GoroutineFrameModel,
  type GoroutineGroupModel,
  type GoroutineReportModel,
} from './goroutine-view-model.js';
import { ViewerRequestError } from './viewer-errors.js';
import { GoProfilerError } from '../errors/index.js';

/** The capture was to have a dump beside it and has none: why (the sidecar's `goroutineDumpError`). */
export class GoroutineDumpMissingError extends GoProfilerError {
  override readonly name = 'GoroutineDumpMissingError';
  constructor(file: string, reason: string) {
    super(`show goroutines of ${file}`, `no goroutine dump: ${reason}`);
  }
}

/** What locates a capture's dump and its siblings'. */
export interface GoroutineDumpFacts {
  /** The capture's file, relative to the data root (or a bare name outside one). */
  readonly file: string;
  readonly type: string;
  readonly source: string;
  readonly dataRoot?: string;
  /**
   * The dump's path when the caller knows it: relative to the data root (the sidecar's
   * `goroutineDump`), or absolute without one (`go-profiler view FILE`).
   */
  readonly goroutineDump?: string;
  /** Why the capture has no dump (the sidecar's `goroutineDumpError`): the view says so. */
  readonly goroutineDumpError?: string;
}

/**
 * The dump beside a stored capture, by the store's naming (docs/decisions.md): `<stem>.debug2.txt`
 * for a Goroutine capture, `<stem>.goroutine.debug2.txt` in a bundle. Undefined when none exists.
 */
export function goroutineDumpPathOf(facts: GoroutineDumpFacts): string | undefined {
  const { dataRoot, goroutineDump, file, type } = facts;
  if (goroutineDump !== undefined) {
    const resolved = dataRoot === undefined ? goroutineDump : resolveCaptureFile(dataRoot, goroutineDump);
    return existsSync(resolved) ? resolved : undefined;
  }
  if (dataRoot === undefined) return undefined;
  const candidates = [file.replace(/\.prof$/, '.debug2.txt')];
  if (type === 'Bundle') candidates.push(file.replace(/(?:\.[a-z]+)?\.prof$/, '.goroutine.debug2.txt'));
  for (const candidate of candidates) {
    if (candidate === file) continue;
    const resolved = resolveCaptureFile(dataRoot, candidate);
    if (existsSync(resolved)) return resolved;
  }
  return undefined;
}

export class GoroutineDumps {
  /** Why there is no dump to show, when there is none (the summary's `goroutineDumpError`). */
  get missingReason(): string | undefined {
    return this.dumpPath === undefined ? (this.facts.goroutineDumpError ?? 'none was stored') : undefined;
  }

  private groups: Promise<ReadDump> | undefined;
  /** One base at a time: the view compares with one capture. */
  private baseGroups: { file: string; groups: Promise<ReadDump> } | undefined;

  constructor(
    private readonly facts: GoroutineDumpFacts,
    /** The session's dump (goroutineDumpPathOf); none: the view answers facts.goroutineDumpError. */
    private readonly dumpPath: string | undefined,
    /** Who parses dumps: default the process's workers, shared by every session. */
    private readonly readDump: GoroutineDumpReader = sharedGoroutineDumpReader,
  ) {}

  /** The view's model: the groups ranked, or compared with the dump of the capture `base` names. */
  async report(base: string): Promise<GoroutineReportModel> {
    if (this.dumpPath === undefined) {
      throw new GoroutineDumpMissingError(this.facts.file, this.facts.goroutineDumpError ?? 'none was stored');
    }
    this.groups ??= this.readDump(this.dumpPath, this.facts.file);
    const { groups, truncated } = await this.groups.catch((error: unknown) => {
      this.groups = undefined; // Asked again, it is read again (and says why again).
      throw error;
    });
    const candidates = await this.candidates();
    const bases = candidates.map(({ record }) => ({ file: record.file, capturedAt: record.capturedAt }));
    const total = groups.reduce((sum, group) => sum + group.count, 0);
    if (base === '') {
      return { legend: legendOf(total, groups.length, truncated), total, groups: groups.map(groupModelOf), bases };
    }
    const baseDump = await this.readBase(base, candidates);
    const baseGroups = baseDump.groups;
    const compared = compareGoroutineGroups(groups, baseGroups);
    const baseTotal = baseGroups.reduce((sum, group) => sum + group.count, 0);
    const baseNote = baseDump.truncated ? ` (${TRUNCATED_DUMP_NOTE})` : '';
    return {
      legend: [
        ...legendOf(total, groups.length, truncated),
        `Compared with ${base}: ${baseTotal} goroutines${baseNote}`,
      ],
      total,
      base,
      baseTotal,
      groups: compared.map(groupModelOf),
      bases,
    };
  }

  private async readBase(
    base: string,
    candidates: readonly { record: CaptureRecord; dumpPath: string }[],
  ): Promise<ReadDump> {
    if (this.baseGroups?.file !== base) {
      const found = candidates.find(({ record }) => record.file === base);
      if (found === undefined) {
        throw new ViewerRequestError(
          'base',
          `compare goroutines with ${JSON.stringify(base)}`,
          `not another stored capture of ${this.facts.source} with a goroutine dump in this namespace`,
        );
      }
      this.baseGroups = { file: base, groups: this.readDump(found.dumpPath, found.record.file) };
    }
    const entry = this.baseGroups;
    return entry.groups.catch((error: unknown) => {
      if (this.baseGroups === entry) this.baseGroups = undefined;
      throw error;
    });
  }

  /** The other stored captures of the same source and namespace with a dump beside, newest first. */
  private async candidates(): Promise<{ record: CaptureRecord; dumpPath: string }[]> {
    const { dataRoot } = this.facts;
    if (dataRoot === undefined) return [];
    const { records } = await siblingCaptures(dataRoot, this.facts);
    return records.reverse().flatMap((record) => {
      if (record.type !== 'Goroutine' && record.type !== 'Bundle') return [];
      const dumpPath = goroutineDumpPathOf({ ...record, dataRoot });
      return dumpPath === undefined ? [] : [{ record, dumpPath }];
    });
  }
}

function legendOf(total: number, groups: number, truncated: boolean): string[] {
  const legend = [
    `Goroutines: ${total} in ${groups} groups (by stack and state; blocked first, by count × longest wait)`,
  ];
  if (truncated) legend.push(`Note: ${TRUNCATED_DUMP_NOTE}`);
  return legend;
}

function frameModelOf(frame: GoroutineFrame): GoroutineFrameModel {
  return { function: frame.function, where: `${frame.file}:${frame.line}` };
}

function groupModelOf(group: GoroutineGroup | GoroutineGroupGrowth): GoroutineGroupModel {
  return {
    key: group.key,
    state: group.state,
    blocked: group.blocked,
    count: group.count,
    ...('growth' in group ? { baseCount: group.baseCount, growth: group.growth } : {}),
    ids: group.ids.slice(0, MAX_LISTED_IDS),
    waitsText: formatWaits(group.waits),
    longestWaitMinutes: group.longestWaitMinutes,
    leakScore: group.leakScore,
    lockedToThread: group.lockedToThread,
    frames: group.frames.map(frameModelOf),
    framesElided: group.framesElided,
    ...(group.createdBy === undefined ? {} : { createdBy: frameModelOf(group.createdBy) }),
    ...(group.framesElided ? {} : { zoomPath: zoomPathOf(group) }),
  };
}

/**
 * The stack as the goroutine profile's flame graph names it, root first: the traceback's frames
 * reversed; a goroutine the runtime started itself (no `created by`: main) is under runtime.main,
 * which the traceback hides and the profile keeps.
 */
function zoomPathOf(group: GoroutineGroup): string[] {
  const names = group.frames.map((frame) => frame.function).reverse();
  return group.createdBy === undefined && names[0] === 'main.main' ? ['runtime.main', ...names] : names;
}
