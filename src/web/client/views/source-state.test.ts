import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SourceRoutineModel, SourceViewModel } from '../../view-models.js';
import { baseName, sourceNote, sourceNotes, sourceRoutineRows, sourceSearchStatus } from './source-state.js';

describe('source texts', () => {
  const source = {
    totalText: '10MB',
    pattern: '',
    routines: [{ matched: true } as SourceRoutineModel, { matched: false } as SourceRoutineModel],
    matchedCount: 9,
  } as unknown as SourceViewModel;

  it('give the total and what the limits left out', () => {
    assert.deepEqual(sourceNotes(source), [
      'Total: 10MB.',
      'Showing 2 of 9 functions with samples (no f): those with the most flat. n=0 shows all, or pick one in Peek, Top or the flame graph.',
    ]);
    assert.deepEqual(sourceNotes({ ...source, matchedCount: 2 }), ['Total: 10MB.']);
  });

  it('count the functions the search matches, and say where code comes from', () => {
    assert.equal(sourceSearchStatus('x', source), '1 of 2 functions match');
    assert.equal(sourceSearchStatus('', source), '');
    assert.match(sourceNote(true), /^The code is read from files under --source-path/);
    assert.match(sourceNote(false), /^Source files are not available on this server/);
    assert.equal(baseName('/src/app/main.go'), 'main.go');
    assert.equal(baseName('main.go'), 'main.go');
  });

  it('count the rows of a function: heading, summary, heads, then code or weighted lines and total', () => {
    const routine = (code: number, lines: number) =>
      ({ code: new Array(code).fill({}), lines: new Array(lines).fill({}) }) as unknown as SourceRoutineModel;
    assert.equal(sourceRoutineRows(routine(0, 2)), 6);
    assert.equal(sourceRoutineRows(routine(11, 2)), 14);
  });
});
