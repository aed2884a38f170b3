// `go-profiler top FILE...`: prints what `go tool pprof -top FILE...` prints with the same options.

import { Command } from 'commander';
import { computeTop, formatTopText } from '../query/index.js';
import { loadProfiles } from './load-profiles.js';
import { addReportFlags, queryOptionsFromFlags } from './report-flags.js';
import { printWarnings, runReport } from './run-command.js';

export function topCommand(): Command {
  const command = new Command('top')
    .description('print the top functions of profiles, as `go tool pprof -top` (several files are merged)')
    .argument('<files...>', 'profile files (profile.proto, gzip-compressed or plain)');
  addReportFlags(command);
  return command.action(async (files: string[], flags: Record<string, unknown>) => {
    await runReport(async () => {
      const options = queryOptionsFromFlags(flags);
      const profile = await loadProfiles({
        files,
        diffBase: flags.diffBase as string[],
        base: flags.base as string[],
        normalize: flags.normalize === true,
      });
      const report = computeTop(profile, options);
      printWarnings(report.warnings);
      process.stdout.write(formatTopText(report));
    });
  });
}
