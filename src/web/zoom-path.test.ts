import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatZoomPath, parseZoomPath } from './zoom-path.js';

describe('zoom paths in URLs', () => {
  it('round-trips names holding the separator and the escape', () => {
    const path = ['main.main', 'a;b', 'c\\d', 'main.(*T).run', ''];
    assert.equal(formatZoomPath(path), 'main.main;a\\;b;c\\\\d;main.(*T).run;');
    assert.deepEqual(parseZoomPath(formatZoomPath(path)), path);
    assert.deepEqual(parseZoomPath(''), []);
    assert.deepEqual(parseZoomPath('main.main'), ['main.main']);
  });
});
