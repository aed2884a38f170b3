// A function name in the Peek and Source views: a real link to peek at it (`f`, as pprof's web
// UI reads it), which opens the refine menu on right-click or the Menu key.

import { h } from '../dom.js';
import { peekRegexpOf } from '../refine/apply-refine.js';
import { isContextMenuKey, openRefineMenu } from '../refine/refine-menu.js';
import type { Route, ViewState } from '../url-state.js';
import type { StateChange, ViewContext } from './view.js';

export interface FunctionLinkOptions {
  /** The view the link goes to (Peek unless given). */
  readonly route?: Route;
  /** The link's text, when not the name itself. */
  readonly text?: string;
  readonly className?: string;
  readonly label?: string;
}

/** True for a plain left click, which the app handles; others (new tab, ...) the browser does. */
export function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/** A real link to another state of the viewer; a plain click navigates without reloading the page. */
export function appLink(
  context: Pick<ViewContext, 'navigate' | 'hrefOf'>,
  change: StateChange,
  text: string,
  attrs: Readonly<Record<string, string>> = {},
): HTMLAnchorElement {
  const link = h('a', { text, attrs: { ...attrs, href: context.hrefOf(change) } });
  link.addEventListener('click', (event) => {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    context.navigate(change);
  });
  return link;
}

/** A link to peek at (or list the source of) `name`, a name the view shows at the state's granularity. */
export function functionLink(
  context: ViewContext,
  state: ViewState,
  name: string,
  options: FunctionLinkOptions = {},
): HTMLAnchorElement {
  const change: StateChange = {
    route: options.route ?? 'peek',
    options: { focus: peekRegexpOf([name], state.options.granularity) },
  };
  const link = appLink(context, change, options.text ?? name, {
    class: options.className ?? 'fn-link',
    'data-name': name,
    ...(options.label === undefined ? {} : { 'aria-label': options.label, title: options.label }),
  });
  link.addEventListener('contextmenu', (event) => {
    event.preventDefault();
    openRefineMenu({ target: { names: [name] }, at: event });
  });
  link.addEventListener('keydown', (event) => {
    if (!isContextMenuKey(event)) return;
    event.preventDefault();
    openRefineMenu({ target: { names: [name] }, at: link });
  });
  return link;
}
