import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { DEFAULT_QUERY_OPTIONS, QueryOptionError } from '../query/index.js';
import { addBaseFlags, addReportFlags, queryOptionsFromFlags } from './report-flags.js';

describe("the report commands' flags, from the query layer's table of options", () => {
  it("spells every flag as before: pprof's names with dashes", () => {
    const flags = addReportFlags(new Command('top')).options.map((option) => option.flags);
    assert.deepEqual(flags, [
      '--sample-index <name|n>',
      '--mean',
      '--granularity <g>',
      '--cum',
      '--nodecount <n>',
      '--nodefraction <f>',
      '--edgefraction <f>',
      '--focus <regexp>',
      '--ignore <regexp>',
      '--hide <regexp>',
      '--show <regexp>',
      '--show-from <regexp>',
      '--prune-from <regexp>',
      '--tagfocus <filter>',
      '--tagignore <filter>',
      '--tagshow <regexp>',
      '--taghide <regexp>',
      '--tagroot <keys>',
      '--tagleaf <keys>',
      '--relative-percentages',
      '--unit <unit>',
      '--drop-negative',
      '--noinlines',
      '--diff-base <file>',
      '--base <file>',
      '--normalize',
    ]);
    assert.deepEqual(
      addBaseFlags(new Command('view')).options.map((option) => option.flags),
      ['--diff-base <file>', '--base <file>', '--normalize'],
    );
  });

  it('turns parsed flags into options, naming the flag of a bad value', () => {
    const command = addReportFlags(new Command('top').exitOverride());
    command.parse(['--cum', '--nodecount', '7', '--show-from', 'main', '--drop-negative'], { from: 'user' });
    const options = queryOptionsFromFlags(command.opts());
    assert.deepEqual(options, {
      ...DEFAULT_QUERY_OPTIONS,
      sort: 'cum',
      nodeCount: 7,
      showFrom: 'main',
      dropNegative: true,
    });
    assert.throws(
      () => queryOptionsFromFlags({ granularity: 'bogus' }),
      (error: Error) =>
        error instanceof QueryOptionError &&
        error.message ===
          'parse option --granularity: "bogus" is not one of functions, filefunctions, files, lines, addresses',
    );
  });
});
