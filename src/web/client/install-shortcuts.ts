// Listens for the keyboard shortcuts on the page and hands each to the app; keys typed into text
// fields are left to them (except Escape, which leaves the field).

import { shortcutFor, type ShortcutAction } from './keyboard-shortcuts.js';

/** True when the key press goes to a text field (typing there must not switch views). */
export function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return (
    element !== null && (element.isContentEditable === true || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName ?? ''))
  );
}

/** What the shortcuts act on (the app's own functions). */
export interface ShortcutTarget {
  run(action: ShortcutAction): void;
}

/** Listens on the document; keys typed into text fields are left alone, except Escape. */
export function installShortcuts(target: ShortcutTarget): void {
  document.addEventListener('keydown', (event) => {
    const shortcut = shortcutFor(event);
    if (shortcut === undefined) return;
    if (isTyping(event.target) && shortcut.action.kind !== 'escape') return;
    // The key is the viewer's now: "/" types nothing, Backspace does not go back a page.
    event.preventDefault();
    target.run(shortcut.action);
  });
}
