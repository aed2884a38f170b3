import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { fixturePath } from '../../test/support/fixtures.js';
import { checkDecoderOn, mutate, seededRandom } from './profile-fuzzing.js';

// A few hundred cases per run; `node --import tsx scripts/fuzz-decoder.ts N` runs many more.
const CASES_PER_FIXTURE = 150;

describe('the decoder survives mutated fixtures', () => {
  for (const name of ['heap-small.pb.gz', 'cpu-small.pb.gz', 'goroutine-medium.pb.gz']) {
    it(`${name}: ${CASES_PER_FIXTURE} mutations of the proto and of the gzip`, () => {
      const gz = readFileSync(fixturePath(name));
      const proto = gunzipSync(gz);
      const failures: string[] = [];
      for (let seed = 1; seed <= CASES_PER_FIXTURE; seed++) {
        const random = seededRandom(seed);
        const input = seed % 5 === 0 ? gz : proto;
        const { bytes, mutation } = mutate(input, random);
        const failure = checkDecoderOn(bytes);
        if (failure !== undefined) failures.push(`seed ${seed} (${mutation}): ${failure}`);
      }
      assert.deepEqual(failures, []);
    });
  }
});
