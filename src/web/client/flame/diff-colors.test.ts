import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffFrameColors, diffIntensity } from './diff-colors.js';

const rgb = (css: string) => css.match(/\d+/g)!.map(Number);

describe('diff flame graph colours', () => {
  it('grow with the change relative to the base, full for new and gone frames', () => {
    assert.equal(diffIntensity(0, 100), 0);
    assert.equal(diffIntensity(25, 100), 0.5);
    assert.equal(diffIntensity(-100, 100), 1);
    assert.equal(diffIntensity(300, 100), 1);
    assert.equal(diffIntensity(5, 0), 1, 'new in this capture');
  });

  it('are red for growth, green for shrinkage and grey for no change, in both themes', () => {
    for (const theme of ['light', 'dark'] as const) {
      const [r1, g1] = rgb(diffFrameColors(10, 0, theme).normal);
      assert.ok(r1! > g1! + 100, `${theme} grew`);
      const [r2, g2] = rgb(diffFrameColors(-10, 10, theme).normal);
      assert.ok(g2! > r2! + 80, `${theme} shrank`);
      const [r3, g3, b3] = rgb(diffFrameColors(0, 10, theme).normal);
      assert.ok(Math.abs(r3! - g3!) < 8 && Math.abs(g3! - b3!) < 8, `${theme} unchanged`);
    }
  });
});
