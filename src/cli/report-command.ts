// `go-profiler report FILE… -o report.html`: one self-contained HTML page (flame graph, Top,
// details, advice) for profile files on disk, opened later from disk with no server; several
// files get a switch between them. A stored capture's sidecar (`X.json` beside `X.prof`) gives
// its type, source, time and advice.

import { Command, Option } from 'commander';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReportProfileInput } from '../web/report/build-offline-report.js';
import { ProfileFileError, readProfileFile } from './load-profiles.js';
import { runCommand } from './run-command.js';
import { profileKindOf } from './view-command.js';

interface ReportFlags {
  output: string;
}

export function reportCommand(): Command {
  return new Command('report')
    .description(
      'write one self-contained HTML report (flame graph, Top, details, advice) of profile files, to open from disk',
    )
    .argument('<files...>', 'profile.proto files, gzipped or not; several get a switch between them')
    .addOption(new Option('-o, --output <file>', 'the HTML file to write').makeOptionMandatory())
    .action(async (files: string[], flags: ReportFlags) => {
      await runCommand(async () => {
        const inputs = await Promise.all(files.map((file) => reportInputOf(file)));
        const { writeOfflineReport } = await import('../web/report/write-offline-report.js');
        const written = await writeOfflineReport(inputs, flags.output, new Date());
        process.stderr.write(`Wrote ${written.file} (${written.bytes} bytes)\n`);
      });
    });
}

/** What a stored capture's sidecar adds; fields absent or of another shape are left out. */
interface SidecarFacts {
  readonly type?: string;
  readonly source?: string;
  readonly capturedAt?: string;
  readonly advice?: readonly string[];
}

async function reportInputOf(file: string): Promise<ReportProfileInput> {
  const { profile } = await readProfileFile(file);
  const sidecar = await readSidecar(file);
  const profileTime = profile.timeNanos > 0n ? new Date(Number(profile.timeNanos / 1_000_000n)) : new Date(0);
  return {
    profile,
    name: path.basename(file),
    type: sidecar.type ?? profileKindOf(profile),
    source: sidecar.source ?? path.resolve(file),
    capturedAt: sidecar.capturedAt === undefined ? profileTime : new Date(sidecar.capturedAt),
    advice: sidecar.advice ?? [],
  };
}

/** The sidecar beside a stored capture (`X.prof` → `X.json`); none for other files. */
async function readSidecar(file: string): Promise<SidecarFacts> {
  if (!file.endsWith('.prof')) return {};
  const sidecar = `${file.slice(0, -'.prof'.length)}.json`;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(await readFile(sidecar, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ProfileFileError(file, `its sidecar ${sidecar}: ${(error as Error).message}`, { cause: error });
  }
  const facts: Record<string, unknown> = {};
  for (const key of ['type', 'source', 'capturedAt'] as const) {
    if (typeof json[key] === 'string') facts[key] = json[key];
  }
  const advice = json['advice'];
  if (Array.isArray(advice)) facts['advice'] = advice.filter((item): item is string => typeof item === 'string');
  return facts as SidecarFacts;
}
