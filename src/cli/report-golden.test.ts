// Golden tests: our reports against what `go tool pprof` printed for the same files and flags,
// for every fixture and sample type and for the cases in testdata/golden/cases.json.
// UPDATE_GOLDEN=1 regenerates the expected files with go tool pprof (TZ=UTC), except those of
// the large fixtures, which take pprof minutes and gigabytes: UPDATE_GOLDEN=large regenerates all.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Profile } from '../pprof/index.js';
import {
  annotateSourceListing,
  buildCallGraph,
  computePeek,
  computeSourceListing,
  computeTree,
  computeTags,
  computeTop,
  DEFAULT_QUERY_OPTIONS,
  formatDot,
  formatPeekText,
  formatSourceListing,
  formatTagsText,
  formatTopText,
  formatTracesText,
  joinChunks,
  mergeProfiles,
  subtractBaseProfile,
  UTC_TIME_ZONE,
  type QueryOptions,
} from '../query/index.js';
import { FIXTURES_DIR, REPO_ROOT, listProfileFixtures, loadFixture } from '../../test/support/fixtures.js';
import { goToolPprof } from '../../test/support/go-pprof.js';
import { decodeProfile } from '../pprof/index.js';
import { readSourceFileFromDisk } from './read-source-file.js';

const GOLDEN_DIR = path.join(REPO_ROOT, 'testdata/golden');
const PROFILES_DIR = path.join(REPO_ROOT, 'testdata/profiles');
const UPDATE = process.env.UPDATE_GOLDEN ?? '';

type Flags = Partial<Record<keyof QueryOptions, string | number | boolean>> & {
  cum?: boolean;
  diffBase?: string[];
  base?: string[];
  normalize?: boolean;
};

interface GoldenCase {
  readonly name: string;
  readonly report: 'top' | 'peek' | 'traces' | 'tags' | 'dot' | 'list' | 'tree';
  /** The -peek regexp. */
  readonly pattern?: string;
  readonly files: readonly string[];
  readonly flags: Flags;
}

/** The sample types of each fixture kind, so that cases are listed without decoding. */
const SAMPLE_TYPES: Readonly<Record<string, readonly string[]>> = {
  heap: ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'],
  allocs: ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'],
  cpu: ['samples', 'cpu'],
  goroutine: ['goroutine'],
  block: ['contentions', 'delay'],
  mutex: ['contentions', 'delay'],
  threadcreate: ['threadcreate'],
};

function defaultCases(): GoldenCase[] {
  return listProfileFixtures().flatMap((file) => {
    const stem = file.replace(/\.pb\.gz$/, '');
    const kind = stem.split('-')[0]!;
    return (SAMPLE_TYPES[kind] ?? []).map((sampleType) => ({
      name: `${stem}.${sampleType}`,
      report: 'top' as const,
      files: [file],
      flags: { sampleIndex: sampleType },
    }));
  });
}

const listedCases = (JSON.parse(readFileSync(path.join(GOLDEN_DIR, 'cases.json'), 'utf8')) as { cases: GoldenCase[] })
  .cases;

function filePath(name: string): string {
  const local = path.join(PROFILES_DIR, name);
  return existsSync(local) ? local : path.join(FIXTURES_DIR, name);
}

const localProfiles = new Map<string, Profile>();
function loadProfileFile(name: string): Profile {
  if (!existsSync(path.join(PROFILES_DIR, name))) return loadFixture(name);
  let profile = localProfiles.get(name);
  if (profile === undefined) {
    profile = decodeProfile(readFileSync(path.join(PROFILES_DIR, name)));
    localProfiles.set(name, profile);
  }
  return profile;
}

const PPROF_FLAG: Partial<Record<keyof Flags, string>> = {
  sampleIndex: 'sample_index',
  mean: 'mean',
  nodeCount: 'nodecount',
  nodeFraction: 'nodefraction',
  edgeFraction: 'edgefraction',
  focus: 'focus',
  ignore: 'ignore',
  hide: 'hide',
  show: 'show',
  showFrom: 'show_from',
  pruneFrom: 'prune_from',
  tagFocus: 'tagfocus',
  tagIgnore: 'tagignore',
  tagShow: 'tagshow',
  tagHide: 'taghide',
  tagRoot: 'tagroot',
  tagLeaf: 'tagleaf',
  noInlines: 'noinlines',
  unit: 'unit',
  dropNegative: 'drop_negative',
  relativePercentages: 'relative_percentages',
  cum: 'cum',
  normalize: 'normalize',
};

/** The `go tool pprof` arguments that produce a case's expected output. */
export function pprofArguments(golden: GoldenCase, resolve: (file: string) => string = (f) => f): string[] {
  const args =
    golden.report === 'peek' || golden.report === 'list'
      ? [`-${golden.report}=${golden.pattern}`]
      : [`-${golden.report}`];
  for (const [key, value] of Object.entries(golden.flags) as [keyof Flags, unknown][]) {
    if (key === 'granularity') args.push(`-${String(value)}`);
    else if (key === 'diffBase') for (const f of value as string[]) args.push(`-diff_base=${resolve(f)}`);
    else if (key === 'base') for (const f of value as string[]) args.push(`-base=${resolve(f)}`);
    else if (value === true) args.push(`-${PPROF_FLAG[key]}`);
    else args.push(`-${PPROF_FLAG[key]}=${String(value)}`);
  }
  return [...args, ...golden.files.map(resolve)];
}

function queryOptions(flags: Flags): QueryOptions {
  const options: Record<string, unknown> = { ...DEFAULT_QUERY_OPTIONS };
  for (const [key, value] of Object.entries(flags)) {
    if (key === 'cum') options.sort = 'cum';
    else if (key !== 'diffBase' && key !== 'base' && key !== 'normalize') options[key] = value;
  }
  return options as unknown as QueryOptions;
}

function loadCaseProfile(golden: GoldenCase): Profile {
  const merged = (files: readonly string[]) => {
    const profiles = files.map(loadProfileFile);
    return profiles.length === 1 ? profiles[0]! : mergeProfiles(profiles);
  };
  const profile = merged(golden.files);
  const { diffBase, base, normalize } = golden.flags;
  if (diffBase !== undefined) return subtractBaseProfile(profile, merged(diffBase), { diff: true, normalize });
  if (base !== undefined) return subtractBaseProfile(profile, merged(base), { diff: false, normalize });
  return profile;
}

function ourReport(golden: GoldenCase): string {
  return joinChunks(ourReportChunks(golden));
}

function ourReportChunks(golden: GoldenCase): Iterable<string> {
  const profile = loadCaseProfile(golden);
  const options = queryOptions(golden.flags);
  const timeZone = UTC_TIME_ZONE;
  switch (golden.report) {
    case 'top':
      return formatTopText(computeTop(profile, options, { timeZone }));
    case 'peek':
      return formatPeekText(computePeek(profile, options, golden.pattern ?? '', { timeZone }));
    case 'traces':
      return formatTracesText(profile, options, { timeZone });
    case 'tags':
      return formatTagsText(computeTags(profile, options), options.unit);
    case 'dot':
      return formatDot(buildCallGraph(profile, options, { timeZone }));
    case 'tree':
      return formatPeekText(computeTree(profile, options, { timeZone }));
    case 'list':
      // pprof ran in the repository, its source path by default: the Go library's files are where the
      // profile names them (the Debian golang-go of this machine and CI), the target's are not.
      return formatSourceListing(
        annotateSourceListing(
          computeSourceListing(profile, options, golden.pattern ?? ''),
          { sourcePath: REPO_ROOT, trimPath: '' },
          readSourceFileFromDisk,
        ),
        options.unit,
      );
  }
}

const isLarge = (golden: GoldenCase) =>
  [...golden.files, ...(golden.flags.diffBase ?? [])].some((f) => f.includes('-large'));

async function expected(golden: GoldenCase): Promise<string> {
  const file = path.join(GOLDEN_DIR, `${golden.name}.${golden.report}.txt`);
  const regenerate = UPDATE === 'large' || (UPDATE !== '' && !isLarge(golden));
  if (regenerate) {
    const output = await goToolPprof(pprofArguments(golden, filePath));
    writeFileSync(file, output);
    return output;
  }
  if (!existsSync(file))
    assert.fail(`missing ${path.relative(REPO_ROOT, file)}: run UPDATE_GOLDEN=1 npm test -- src/cli`);
  return readFileSync(file, 'utf8');
}

const allCases = [...defaultCases(), ...listedCases];

if (UPDATE !== '') {
  // The provenance of every golden file, kept beside them.
  const lines = allCases.map((c) => `${c.name}.${c.report}.txt: TZ=UTC go tool pprof ${pprofArguments(c).join(' ')}`);
  writeFileSync(path.join(GOLDEN_DIR, 'commands.txt'), `${lines.join('\n')}\n`);
}

describe('reports match go tool pprof', { concurrency: UPDATE !== '' ? 2 : 1 }, () => {
  for (const golden of allCases) {
    it(`${golden.name}.${golden.report}`, async () => {
      const want = await expected(golden);
      assert.equal(ourReport(golden), want);
    });
  }
});
