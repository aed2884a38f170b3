import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_FIT_SCALE,
  MAX_SCALE,
  fitViewBox,
  initialViewBox,
  keyStep,
  panViewBox,
  READABLE_LABEL_PX,
  readableViewBox,
  resizeViewBox,
  scaleOf,
  zoomViewBox,
} from './view-box.js';

const stage = { width: 800, height: 400 };
const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

describe('graph view box', () => {
  it('fits a tall graph whole, centred, in the stage’s aspect ratio', () => {
    const box = fitViewBox({ x: 0, y: -1000, width: 400, height: 1000 }, stage, 0);
    close(scaleOf(box, stage), 0.4);
    close(box.height, 1000);
    close(box.width, 2000);
    close(box.x + box.width / 2, 200);
    close(box.y, -1000);
  });

  it('opens a tall graph at its full width, top first, and a short one whole', () => {
    const tall = initialViewBox({ x: 0, y: -1000, width: 400, height: 1000 }, stage, 0);
    close(scaleOf(tall, stage), MAX_FIT_SCALE);
    close(tall.y, -1000);
    close(tall.x + tall.width / 2, 200);
    const wide = { x: 0, y: -100, width: 1600, height: 100 };
    assert.deepEqual(initialViewBox(wide, stage), fitViewBox(wide, stage));
  });

  it('opens a graph too large to read whole with its smallest label readable, centred on the focus', () => {
    const wide = { x: 0, y: 0, width: 6000, height: 1600 };
    const box = readableViewBox(wide, stage, { x: 2500, y: 700 }, 8);
    assert.equal(READABLE_LABEL_PX, 11);
    close(scaleOf(box, stage) * 8, 11);
    close(box.x + box.width / 2, 2500);
    close(box.y + box.height / 2, 700);
    // A graph whose labels are readable whole opens as before.
    const small = { x: 0, y: 0, width: 500, height: 200 };
    assert.deepEqual(readableViewBox(small, stage, { x: 10, y: 10 }, 8), initialViewBox(small, stage));
  });

  it('does not blow a small graph up past the fit limit', () => {
    const box = fitViewBox({ x: 0, y: 0, width: 10, height: 10 }, stage);
    close(scaleOf(box, stage), MAX_FIT_SCALE);
  });

  it('keeps the point under the pointer when zooming, within the scale limits', () => {
    const box = { x: 100, y: 50, width: 800, height: 400 };
    const zoomed = zoomViewBox(box, stage, 2, 200, 100);
    close(scaleOf(zoomed, stage), 2);
    close(zoomed.x + 200 / 2, 100 + 200);
    close(zoomed.y + 100 / 2, 50 + 100);
    close(scaleOf(zoomViewBox(zoomed, stage, 1000, 0, 0), stage), MAX_SCALE);
  });

  it('moves the content with a drag and keeps the corner and scale on resize', () => {
    const box = { x: 0, y: 0, width: 400, height: 200 };
    assert.deepEqual(panViewBox(box, stage, 20, -10), { x: -10, y: 5, width: 400, height: 200 });
    const resized = resizeViewBox(box, stage, { width: 400, height: 400 });
    close(scaleOf(resized, { width: 400, height: 400 }), 2);
    assert.deepEqual(resized, { x: 0, y: 0, width: 200, height: 200 });
  });

  it('pans by 60 px with the arrows, zooms a step with + and −, fits with 0', () => {
    assert.deepEqual(keyStep('ArrowLeft'), { kind: 'pan', dxPx: 60, dyPx: 0 });
    assert.deepEqual(keyStep('ArrowDown'), { kind: 'pan', dxPx: 0, dyPx: -60 });
    assert.deepEqual(keyStep('='), { kind: 'zoom', factor: 1.25 });
    assert.deepEqual(keyStep('-'), { kind: 'zoom', factor: 0.8 });
    assert.deepEqual(keyStep('0'), { kind: 'fit' });
    assert.equal(keyStep('x'), undefined);
  });
});
