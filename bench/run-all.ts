// `npm run bench [-- --quick]`: runs every benchmark in bench/ (each `*.ts` but this one and the
// shared helpers) one after the other, passing the arguments on.

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const HELPERS = new Set(['run-all.ts', 'measure-process.ts']);
const benches = readdirSync(BENCH)
  .filter((name) => name.endsWith('.ts') && !HELPERS.has(name))
  .sort();

let status = 0;
for (const name of benches) {
  console.log(`\n== bench/${name} ${process.argv.slice(2).join(' ')}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(BENCH, name), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.log(`bench/${name} failed (exit ${result.status ?? result.signal})`);
    status = 1;
  }
}
process.exitCode = status;
