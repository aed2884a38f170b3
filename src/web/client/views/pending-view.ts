// The views whose real content comes in the next wave (Graph, Peek, Source): they are in the
// navigation so links and habits work, and say plainly that they are not there yet.

import { h } from '../dom.js';
import { viewOf } from '../url-state.js';
import type { View, ViewFactory } from './view.js';

const TITLES: Readonly<Record<string, string>> = {
  graph: 'Graph (call graph)',
  peek: 'Peek (callers and callees)',
  source: 'Source (file:line weights)',
};

export const mountPendingView: ViewFactory = (container, context, state): View => {
  const title = TITLES[viewOf(state.route)] ?? viewOf(state.route);
  container.replaceChildren(
    h(
      'section',
      { className: 'pending-view', attrs: { role: 'status' } },
      h('h2', { text: title }),
      h('p', {
        text: `The ${title} view is coming in the next release of this viewer; it is not available yet.`,
      }),
      h(
        'p',
        {},
        'Meanwhile, the ',
        h('a', { attrs: { href: context.hrefOf({ route: 'flamegraph' }) }, text: 'Flame graph' }),
        ' and ',
        h('a', { attrs: { href: context.hrefOf({ route: 'top' }) }, text: 'Top' }),
        ' views show this profile with the same refine options.',
      ),
    ),
  );
  context.setLegend([]);
  context.setSearchStatus('');
  return { update: () => undefined, destroy: () => container.replaceChildren() };
};
