// Runs the decoder fuzzer for as many cases as asked over every fixture:
//   node --import tsx scripts/fuzz-decoder.ts [CASES_PER_FIXTURE=5000] [FIRST_SEED=1]
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { checkDecoderOn, mutate, seededRandom } from '../src/pprof/profile-fuzzing.js';
import { FIXTURES_DIR } from '../test/support/fixtures.js';

const cases = Number(process.argv[2] ?? 5000);
const firstSeed = Number(process.argv[3] ?? 1);
const names = readdirSync(FIXTURES_DIR).filter((name) => name.endsWith('.pb.gz') && !name.includes('-large'));
let failures = 0;
for (const name of names) {
  const gz = readFileSync(path.join(FIXTURES_DIR, name));
  const proto = gunzipSync(gz);
  const started = Date.now();
  for (let seed = firstSeed; seed < firstSeed + cases; seed++) {
    const { bytes, mutation } = mutate(seed % 5 === 0 ? gz : proto, seededRandom(seed));
    const failure = checkDecoderOn(bytes);
    if (failure !== undefined) {
      failures++;
      console.log(`${name} seed ${seed} (${mutation}): ${failure}`);
    }
  }
  console.log(`${name}: ${cases} cases in ${Date.now() - started} ms`);
}
console.log(failures === 0 ? 'no failures' : `${failures} failures`);
process.exitCode = failures === 0 ? 0 : 1;
