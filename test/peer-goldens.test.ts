// Every report on ../shared/peer/ (100 profiles from public profiling projects) against what
// `go tool pprof` 1.19 printed for it (expected/NAME.SI.REPORT.txt; see the folder's README), run
// in-process through the CLI's own loading and report code. Reports pprof fails on
// (expected/EXIT-STATUS.tsv) must fail here too, with a message naming the file.
// KNOWN_DIFFERENCES lists what does not match yet, each with its reason; a listed report that now
// matches fails the test, so the list only shrinks. PEER_SUMMARY=1 prints the differing count by class.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readProfileFile } from '../src/cli/load-profiles.js';
import { textReports, type TextReportName } from '../src/cli/report-commands.js';
import { queryOptionsFromFlags } from '../src/cli/report-flags.js';
import { encodeRawBytesText, type Profile } from '../src/pprof/index.js';
import { joinChunks, UTC_TIME_ZONE } from '../src/query/index.js';
import { SHARED_DIR } from './support/fixtures.js';

const PEER_DIR = path.join(SHARED_DIR, 'peer');
const EXPECTED_DIR = path.join(PEER_DIR, 'expected');

/**
 * The reports that differ from pprof's today, by file name, with the reason: none left. A report
 * that comes to differ is fixed, or listed here with its reason so the gap stays visible.
 */
const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {};

interface PeerCase {
  readonly file: string;
  readonly profile: string;
  readonly sampleIndex: string;
  readonly report: TextReportName;
}

function peerCases(): PeerCase[] {
  const names = readdirSync(EXPECTED_DIR).filter((name) => name.endsWith('.txt'));
  const failing = readFileSync(path.join(EXPECTED_DIR, 'EXIT-STATUS.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => `${line.split('\t')[0]!}.txt`);
  return [...new Set([...names, ...failing])].sort().map((file) => {
    const match = /^(.*)\.(\d+)\.(top|peek|tree|traces|tags|dot)\.txt$/.exec(file);
    if (match === null) throw new Error(`peer golden ${file}: not NAME.SI.REPORT.txt`);
    return { file, profile: match[1]!, sampleIndex: match[2]!, report: match[3] as PeerCase['report'] };
  });
}

const failingReports = new Set(
  readFileSync(path.join(EXPECTED_DIR, 'EXIT-STATUS.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => `${line.split('\t')[0]!}.txt`),
);

const reports = textReports(UTC_TIME_ZONE, () => {});
const profiles = new Map<string, Promise<Profile>>();

function load(name: string): Promise<Profile> {
  let profile = profiles.get(name);
  if (profile === undefined) {
    profile = readProfileFile(path.join(PEER_DIR, name)).then((read) => read.profile);
    profiles.set(name, profile);
  }
  return profile;
}

type Outcome = { readonly text: string } | { readonly error: Error };

async function ourOutcome(golden: PeerCase): Promise<Outcome> {
  try {
    const profile = await load(golden.profile);
    const options = queryOptionsFromFlags({ sampleIndex: golden.sampleIndex });
    const pattern = golden.report === 'peek' ? '.' : undefined;
    return { text: joinChunks(reports[golden.report](profile, options, pattern, {})) };
  } catch (error) {
    return { error: error as Error };
  }
}

/** Why our outcome is not pprof's, or undefined when it is. */
function difference(golden: PeerCase, outcome: Outcome): string | undefined {
  if (failingReports.has(golden.file)) {
    if ('text' in outcome) return 'pprof fails, ours prints a report';
    return undefined;
  }
  if ('error' in outcome) return `refused: ${outcome.error.message}`;
  // Bytes, as the CLI writes them: invalid UTF-8 in the profile is written raw, as pprof does.
  const want = readFileSync(path.join(EXPECTED_DIR, golden.file));
  const got = encodeRawBytesText(outcome.text);
  if (got.equals(want)) return undefined;
  const wantLines = want.toString('latin1').split('\n');
  const gotLines = got.toString('latin1').split('\n');
  const at = wantLines.findIndex((line, i) => line !== gotLines[i]);
  return `differs at line ${at + 1}: want ${JSON.stringify(wantLines[at])}, got ${JSON.stringify(gotLines[at])}`;
}

const cases = peerCases();

describe('every report on ../shared/peer equals go tool pprof 1.19', () => {
  const found = new Map<string, string>();
  for (const golden of cases) {
    it(golden.file, async () => {
      const outcome = await ourOutcome(golden);
      const reason = difference(golden, outcome);
      if (reason !== undefined) found.set(golden.file, reason);
      const known = KNOWN_DIFFERENCES[golden.file];
      if (known !== undefined) {
        assert.notEqual(reason, undefined, `${golden.file} now matches: remove it from KNOWN_DIFFERENCES`);
        return;
      }
      assert.equal(reason, undefined, `${golden.file}: ${reason}`);
      if ('error' in outcome) {
        // pprof failed on it too: ours names the profile or the option at fault.
        assert.match(outcome.error.message, /^(read profile|select|parse|decode|peek) /);
      }
    });
  }

  it('lists only known differences that exist', () => {
    for (const file of Object.keys(KNOWN_DIFFERENCES)) {
      assert.ok(
        cases.some((c) => c.file === file),
        `KNOWN_DIFFERENCES names ${file}, which is no peer golden`,
      );
    }
    if (process.env.PEER_SUMMARY !== undefined) {
      const lines = [...found].map(([file, reason]) => `${file}\t${reason.slice(0, 300)}`);
      process.stdout.write(`# ${found.size} of ${cases.length} peer reports differ\n${lines.join('\n')}\n`);
    }
  });
});
