import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profileFromCollapsed } from '../../pprof/index.js';
import { DEFAULT_QUERY_OPTIONS } from '../options/option-fields.js';
import { inChunks, joinChunks } from './text-chunks.js';
import { formatTracesText } from './traces-report.js';

describe('reports in chunks', () => {
  it('cuts a chunk once it reaches 64K characters, never inside a piece', () => {
    const chunks = [...inChunks(['a'.repeat(40_000), 'b'.repeat(40_000), 'c'.repeat(10), 'd'])];
    assert.deepEqual(
      chunks.map((chunk) => [chunk.length, chunk.at(-1)]),
      [
        [80_000, 'b'],
        [11, 'd'],
      ],
    );
    assert.deepEqual([...inChunks([])], []);
    assert.equal(joinChunks(inChunks(['x', 'y'])), 'xy');
  });

  it('prints -traces of many samples as several chunks that join into the report', () => {
    // 3000 distinct stacks: -traces prints each (about 130 characters) with its value and frames.
    const lines = Array.from({ length: 3000 }, (_, i) => `main;handler${i};work${i % 7} ${i + 1}`);
    const chunks = [...formatTracesText(profileFromCollapsed(lines.join('\n')), DEFAULT_QUERY_OPTIONS)];
    // Each chunk ends with the sample that took it past 65,536 characters.
    assert.deepEqual(
      chunks.map((chunk) => chunk.length),
      [65_565, 65_549, 65_650, 65_650, 65_650, 60_908],
    );
    const text = chunks.join('');
    assert.equal(text.split('-----------+-------------------------------------------------------\n').length, 3002);
    assert.match(text, /^ {9}1 {3}work0\n {10} {3}handler0\n {10} {3}main\n/m);
  });
});
