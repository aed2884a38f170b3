// Real links to other states of the viewer: an href (open in a new tab, copy the address) and,
// on a plain left click, a move in place without reloading the page.

import { h } from './dom.js';
import type { Navigation } from './navigation.js';
import type { StateChange } from './url-state.js';

/** True for a plain left click, which the app handles; others (new tab, ...) the browser does. */
export function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/** Calls `navigate` on a plain click, leaving modified clicks to the browser. */
export function onPlainClick(navigate: () => void): (event: MouseEvent) => void {
  return (event) => {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    navigate();
  };
}

/** A real link to another state of the viewer; a plain click navigates without reloading the page. */
export function appLink(
  host: Pick<Navigation, 'navigate' | 'hrefOf'>,
  change: StateChange,
  text: string,
  attrs: Readonly<Record<string, string>> = {},
): HTMLAnchorElement {
  return h('a', {
    text,
    attrs: { ...attrs, href: host.hrefOf(change) },
    on: { click: onPlainClick(() => host.navigate(change)) },
  });
}
