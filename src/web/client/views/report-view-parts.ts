// What the Peek and Source views share: the API query of a state and the message shown when `f`
// selects nothing.

import { h } from '../dom.js';
import { optionsQuery, type ViewState } from '../url-state.js';
import { appLink } from './function-link.js';
import type { ViewContext } from './view.js';

/** The API query of a state: the refine options and the search (`q`), which marks matches. */
export function viewQueryOf(state: ViewState): string {
  const params = new URLSearchParams(optionsQuery(state.options));
  if (state.search !== '') params.set('q', state.search);
  return params.toString();
}

/** The empty state: no function matches `f` (or, without one, nothing has samples). */
export function emptyStateOf(context: ViewContext, pattern: string): Node[] {
  if (pattern === '') {
    return [
      h('p', {
        className: 'empty-state',
        text: 'No functions to show: the total is 0 or every sample was filtered out.',
      }),
    ];
  }
  return [
    h(
      'p',
      { className: 'empty-state' },
      `No function matches f=${pattern} — pick one in `,
      // Without the focus, which matches nothing either.
      appLink(context, { route: 'top', options: { focus: '' } }, 'Top'),
      ' or the ',
      appLink(context, { route: 'flamegraph', options: { focus: '' } }, 'flame graph'),
      ' (right-click a function, then Peek or Source lines).',
    ),
  ];
}
