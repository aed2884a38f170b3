import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatZoomPath, isWellFormedZoomPath, parseZoomPath } from './zoom-path.js';

describe('zoom paths in URLs', () => {
  it('round-trips names holding the separator and the escape', () => {
    const path = ['main.main', 'a;b', 'c\\d', 'main.(*T).run', ''];
    assert.equal(formatZoomPath(path), 'main.main;a\\;b;c\\\\d;main.(*T).run;');
    assert.deepEqual(parseZoomPath(formatZoomPath(path)), path);
    assert.deepEqual(parseZoomPath(''), []);
    assert.deepEqual(parseZoomPath('main.main'), ['main.main']);
    assert.equal(isWellFormedZoomPath(formatZoomPath(path)), true);
  });

  it('tells a dangling or unknown escape', () => {
    for (const bad of ['\\', 'a\\', 'a\\b', 'main;\\x;c']) assert.equal(isWellFormedZoomPath(bad), false, bad);
    for (const good of ['', 'a', 'a;b', 'a\\;b', 'a\\\\']) assert.equal(isWellFormedZoomPath(good), true, good);
  });
});
