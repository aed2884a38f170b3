// A function name in the Peek and Source views: a real link to peek at it (`f`, as pprof's web
// UI reads it), which opens the refine menu on right-click or the Menu key.

import { appLink } from '../app-link.js';
import { openRefineMenu } from '../app-state.js';
import { peekRegexpOf } from '../refine/apply-refine.js';
import { isContextMenuKey } from '../refine/refine-menu.js';
import type { Route, StateChange, ViewState } from '../url-state.js';
import type { ViewContext } from './view.js';

export interface FunctionLinkOptions {
  /** The view the link goes to (Peek unless given). */
  readonly route?: Route;
  /** The link's text, when not the name itself. */
  readonly text?: string;
  readonly className?: string;
  readonly label?: string;
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
  const open = (at: MouseEvent | Element) => context.store.update(openRefineMenu({ target: { names: [name] }, at }));
  link.addEventListener('contextmenu', (event) => {
    event.preventDefault();
    open(event);
  });
  link.addEventListener('keydown', (event) => {
    if (!isContextMenuKey(event)) return;
    event.preventDefault();
    open(link);
  });
  return link;
}
