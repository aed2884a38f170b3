import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isTyping } from './install-shortcuts.js';
import { SHORTCUTS, keyLabel, shortcutFor } from './keyboard-shortcuts.js';

const press = (key: string, modifiers: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}) =>
  shortcutFor({ key, ctrlKey: false, metaKey: false, altKey: false, ...modifiers });

describe('keyboard shortcuts', () => {
  it('switch views by their initials, as the navigation names them', () => {
    for (const [key, route] of [
      ['f', 'flamegraph'],
      ['t', 'top'],
      ['g', 'graph'],
      ['p', 'peek'],
      ['s', 'source'],
    ] as const) {
      assert.deepEqual(press(key)?.action, { kind: 'view', route });
    }
  });

  it('leave modified keys to the browser (Ctrl+F is still find)', () => {
    assert.equal(press('f', { ctrlKey: true }), undefined);
    assert.equal(press('r', { metaKey: true }), undefined);
    assert.equal(press('x'), undefined);
    assert.equal(press('?')?.action.kind, 'help');
  });

  it('give each key one meaning', () => {
    const keys = SHORTCUTS.flatMap((shortcut) => shortcut.keys);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('are all listed in the viewer manual', () => {
    const manual = readFileSync(new URL('../../../docs/viewer.md', import.meta.url), 'utf8');
    const start = manual.indexOf('| key | action |');
    assert.notEqual(start, -1, 'docs/viewer.md has no keyboard table');
    const table = manual.slice(start);
    for (const shortcut of SHORTCUTS) {
      for (const key of shortcut.keys) assert.ok(table.includes(`\`${keyLabel(key)}\``), key);
    }
  });

  it('know when the user is typing', () => {
    assert.equal(isTyping({ tagName: 'INPUT' } as unknown as EventTarget), true);
    assert.equal(isTyping({ tagName: 'CANVAS' } as unknown as EventTarget), false);
    assert.equal(isTyping(null), false);
  });
});
