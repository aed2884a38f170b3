// pprof command lines, as its docs and our golden files write them, translated to go-profiler's;
// go-profiler's own lines untouched; pprof flags we cannot honour refused by name.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../../test/support/fixtures.js';
import { buildProgram } from './program.js';
import { programFlagsOf, translatePprofArgs } from './translate-pprof-args.js';

const FLAGS = programFlagsOf(buildProgram());
const translate = (line: string) => translatePprofArgs(line.split(' '), FLAGS).join(' ');

// [pprof's command line after `go tool pprof`, go-profiler's]
const PPROF_LINES: [string, string][] = [
  ['-top -nodecount=20 heap.pb.gz', 'top --nodecount 20 heap.pb.gz'],
  ['-top -nodecount 20 heap.pb.gz', 'top --nodecount 20 heap.pb.gz'],
  ['-text -unit=kb heap.pb.gz', 'top --unit kb heap.pb.gz'],
  ['-top -sample_index=alloc_space heap.pb.gz', 'top --sample-index alloc_space heap.pb.gz'],
  ['-top -sample_index 1 heap.pb.gz', 'top --sample-index 1 heap.pb.gz'],
  ['-top -alloc_space heap.pb.gz', 'top --sample-index alloc_space heap.pb.gz'],
  ['-top -inuse_objects heap.pb.gz', 'top --sample-index inuse_objects heap.pb.gz'],
  ['-top -contentions block.pb.gz', 'top --sample-index contentions block.pb.gz'],
  ['-top -mean_delay block.pb.gz', 'top --sample-index delay --mean block.pb.gz'],
  ['-top -mean block.pb.gz', 'top --mean block.pb.gz'],
  ['-top -cum -nodecount=15 heap.pb.gz', 'top --cum --nodecount 15 heap.pb.gz'],
  ['-top -cum=true heap.pb.gz', 'top --cum heap.pb.gz'],
  ['-top -cum=false heap.pb.gz', 'top heap.pb.gz'],
  ['-top -flat heap.pb.gz', 'top heap.pb.gz'],
  ['-top -lines cpu.pb.gz', 'top --granularity lines cpu.pb.gz'],
  ['-top -addresses -noinlines heap.pb.gz', 'top --granularity addresses --noinlines heap.pb.gz'],
  ['-top -filefunctions cpu.pb.gz', 'top --granularity filefunctions cpu.pb.gz'],
  ['-top -focus=main -ignore=sort|sha256 cpu.pb.gz', 'top --focus main --ignore sort|sha256 cpu.pb.gz'],
  ['-top -focus main -hide runtime cpu.pb.gz', 'top --focus main --hide runtime cpu.pb.gz'],
  ['-top -show=main -show_from=runPath cpu.pb.gz', 'top --show main --show-from runPath cpu.pb.gz'],
  ['-top -prune_from=runPath cpu.pb.gz', 'top --prune-from runPath cpu.pb.gz'],
  [
    '-top -tagfocus=tenant=globex -tagignore=worker=cpu-.* cpu.pb.gz',
    'top --tagfocus tenant=globex --tagignore worker=cpu-.* cpu.pb.gz',
  ],
  ['-tags -tagshow=kind|request -taghide=worker cpu.pb.gz', 'tags --tagshow kind|request --taghide worker cpu.pb.gz'],
  ['-top -tagroot=tenant -tagleaf=route,worker cpu.pb.gz', 'top --tagroot tenant --tagleaf route,worker cpu.pb.gz'],
  ['-top -nodefraction=0.05 -edgefraction=0.01 cpu.pb.gz', 'top --nodefraction 0.05 --edgefraction 0.01 cpu.pb.gz'],
  ['-top -relative_percentages -focus=spinFor cpu.pb.gz', 'top --relative-percentages --focus spinFor cpu.pb.gz'],
  ['-top -diff_base=old.pb.gz -drop_negative new.pb.gz', 'top --diff-base old.pb.gz --drop-negative new.pb.gz'],
  ['-top -base old.pb.gz new.pb.gz', 'top --base old.pb.gz new.pb.gz'],
  ['-top -normalize -diff_base=small.pb.gz sparse.pb.gz', 'top --normalize --diff-base small.pb.gz sparse.pb.gz'],
  ['-top -symbolize=none heap.pb.gz', 'top heap.pb.gz'],
  ['-top cpu-small.pb.gz cpu-medium.pb.gz', 'top cpu-small.pb.gz cpu-medium.pb.gz'],
  // Go's flag package stops at the first file; go-profiler reads pprof flags after files too.
  ['-top heap.pb.gz -nodecount=3', 'top heap.pb.gz --nodecount 3'],
  ['-peek=sortKeys heap.pb.gz', 'peek sortKeys heap.pb.gz'],
  ['-peek main\\.spin -cum cpu.pb.gz', 'peek main\\.spin --cum cpu.pb.gz'],
  ['-peek=(?i)READFRAME -hide=codec.Chunk goroutine.pb.gz', 'peek (?i)READFRAME --hide codec.Chunk goroutine.pb.gz'],
  [
    '-list=main.sortKeys -source_path=/src/gotarget -trim_path=/home/dev heap.pb.gz',
    'list main.sortKeys --source-path /src/gotarget --trim-path /home/dev heap.pb.gz',
  ],
  ['-list runtime\\.mallocgc$ cpu.pb.gz', 'list runtime\\.mallocgc$ cpu.pb.gz'],
  ['-traces -lines cpu.pb.gz', 'traces --granularity lines cpu.pb.gz'],
  ['-tree -nodecount=20 -cum cpu.pb.gz', 'tree --nodecount 20 --cum cpu.pb.gz'],
  ['-dot -nodecount=200 -nodefraction=0.001 cpu.pb.gz', 'dot --nodecount 200 --nodefraction 0.001 cpu.pb.gz'],
  // -http: host localhost and a free port when left out, as pprof's getHostAndPort.
  ['-http=:8080 heap.pb.gz', 'view --listen localhost:8080 heap.pb.gz'],
  ['-http :8080 heap.pb.gz', 'view --listen localhost:8080 heap.pb.gz'],
  ['-http=localhost:0 heap.pb.gz', 'view --listen localhost:0 heap.pb.gz'],
  ['-http=: heap.pb.gz', 'view --listen localhost:0 heap.pb.gz'],
  ['-http=localhost: heap.pb.gz', 'view --listen localhost:0 heap.pb.gz'],
  ['-http=0.0.0.0:8080 heap.pb.gz', 'view --listen 0.0.0.0:8080 heap.pb.gz'],
  ['-http=[::1]:8080 heap.pb.gz', 'view --listen [::1]:8080 heap.pb.gz'],
  ['-no_browser -http=127.0.0.1:9000 heap.pb.gz', 'view --no-browser --listen 127.0.0.1:9000 heap.pb.gz'],
  [
    '-http=: -sample_index=alloc_space -diff_base=old.pb.gz heap.pb.gz',
    'view --listen localhost:0 --sample-index alloc_space --diff-base old.pb.gz heap.pb.gz',
  ],
  ['-http=: -source_path=/src heap.pb.gz', 'view --listen localhost:0 --source-path /src heap.pb.gz'],
  ['-http=: -seconds=5 http://web:6060', 'view --listen localhost:0 --seconds 5 http://web:6060'],
  ['-top -help', 'top --help'],
  // The other output formats, and a URL with its CPU seconds.
  ['-raw cpu.pb.gz', 'raw cpu.pb.gz'],
  ['-callgrind -focus=main cpu.pb.gz', 'callgrind --focus main cpu.pb.gz'],
  ['-svg -nodecount=30 cpu.pb.gz', 'svg --nodecount 30 cpu.pb.gz'],
  ['-top -seconds=5 http://web:6060/debug/pprof/profile', 'top --seconds 5 http://web:6060/debug/pprof/profile'],
  [
    '-top -inuse_objects http://web:6060/debug/pprof/heap',
    'top --sample-index inuse_objects http://web:6060/debug/pprof/heap',
  ],
  // pprof words after one of our commands, and mixed with our own flags.
  ['top -nodecount=3 --cum heap.pb.gz', 'top --nodecount 3 --cum heap.pb.gz'],
  ['view -http=:0 heap.pb.gz', 'view --listen localhost:0 heap.pb.gz'],
  ['peek sortKeys -lines heap.pb.gz', 'peek sortKeys --granularity lines heap.pb.gz'],
];

// go-profiler's own lines: never changed.
const OUR_LINES = [
  'top --focus -x heap.pb.gz',
  'top --nodecount 3 --sample-index alloc_space heap.pb.gz',
  'view --listen :8080 --no-browser heap.pb.gz',
  'peek -- -weird heap.pb.gz',
  'top -h',
  '--version',
  '-V',
  'serve --listen 0.0.0.0:8080',
];

// [pprof's command line, the one line go-profiler prints]
const REFUSED: [string, string][] = [
  [
    '-pdf heap.pb.gz',
    "parse option -pdf: pprof's output format is not supported: go-profiler prints -top, -peek, -list, -traces, -tags, -tree, -dot, -svg, -raw, -callgrind, -proto and serves -http",
  ],
  [
    '-top -timeout=30 heap.pb.gz',
    "parse option -timeout=30: pprof's -timeout is not supported: go-profiler's fetch has its own time limit (--seconds plus 15 s for a CPU profile, else 60 s)",
  ],
  [
    '-top -output=top.txt heap.pb.gz',
    "parse option -output=top.txt: pprof's -output is not supported by go-profiler top",
  ],
  ['-top -divide_by=2 heap.pb.gz', "parse option -divide_by=2: pprof's -divide_by is not supported by go-profiler top"],
  [
    '-top -source_path=/src heap.pb.gz',
    "parse option -source_path=/src: pprof's -source_path is not supported by go-profiler top",
  ],
  [
    '-top -symbolize=remote heap.pb.gz',
    'parse option -symbolize=remote: go-profiler does not symbolize (only -symbolize=none is accepted)',
  ],
  ['-top -peek=x heap.pb.gz', 'parse option -peek=x: must set at most one output format (already -top)'],
  [
    '-top -http=: heap.pb.gz',
    'parse option -http=:: -http is not compatible with an output format on the command line',
  ],
  ['top -peek=x heap.pb.gz', 'parse option -peek=x: go-profiler top already names the report'],
  ['-top -cum -flat heap.pb.gz', 'parse option -flat: conflicts with -cum'],
  ['-top -lines -files heap.pb.gz', 'parse option -files: conflicts with -lines'],
  ['-top -sample_index=1 -alloc_space heap.pb.gz', 'parse option -alloc_space: conflicts with -sample_index=1'],
  ['-top -cum=maybe heap.pb.gz', 'parse option -cum=maybe: "maybe" is not true or false'],
  ['-top heap.pb.gz -focus', 'parse option -focus: missing its value'],
  ['-http=8080 heap.pb.gz', 'parse option -http=8080: not [host]:[port] (e.g. :8080, localhost:0, [::1]:8080)'],
  ['-top -no_browser heap.pb.gz', 'parse option -no_browser: -no_browser only makes sense with -http'],
  ['-top -bogus heap.pb.gz', 'parse option -bogus: neither a go-profiler top option nor a pprof flag'],
  [
    '-nodecount=3 heap.pb.gz',
    "parse command: missing: give a report (-top, -peek=REGEXP, -list=REGEXP, -traces, -tags, -tree, -dot, -svg, -raw, -callgrind, -proto) or -http=[host]:[port]; pprof's interactive shell is not supported",
  ],
];

describe('translatePprofArgs', () => {
  for (const [pprof, ours] of PPROF_LINES) {
    it(`reads go tool pprof ${pprof} as go-profiler ${ours}`, () => {
      assert.equal(translate(pprof), ours);
    });
  }

  it("leaves go-profiler's own command lines as they are", () => {
    for (const line of OUR_LINES) assert.equal(translate(line), line);
  });

  it('keeps the words after -- as they are', () => {
    assert.deepEqual(translatePprofArgs(['-peek=x', 'a.pb.gz', '--', '-top'], FLAGS), [
      'peek',
      'x',
      'a.pb.gz',
      '--',
      '-top',
    ]);
  });

  for (const [pprof, message] of REFUSED) {
    it(`refuses ${pprof} by name`, () => {
      assert.throws(() => translate(pprof), { name: 'UsageError', message });
    });
  }

  it('reads every command line of testdata/golden/commands.txt as options the command has', () => {
    const lines = readFileSync(path.join(REPO_ROOT, 'testdata/golden/commands.txt'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 186);
    for (const line of lines) {
      const pprofArgs = line.split(' go tool pprof ')[1]!.split(' ');
      const files = pprofArgs.filter((word) => !word.startsWith('-'));
      const ours = translatePprofArgs(pprofArgs, FLAGS);
      // A fresh program per line: commander keeps the values it parsed.
      const command = buildProgram().commands.find((candidate) => candidate.name() === ours[0])!;
      const { operands, unknown } = command.parseOptions(ours.slice(1));
      assert.deepEqual(unknown, [], line);
      const pattern = /^-(?:peek|list)=(.*)$/.exec(pprofArgs[0]!)?.[1];
      assert.deepEqual(operands, pattern === undefined ? files : [pattern, ...files], line);
    }
  });
});
