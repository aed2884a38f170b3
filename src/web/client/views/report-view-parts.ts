// What the table views (Top, Peek, Source) share: loading their model for each state (a request
// the user moved on from is aborted), and the message shown when `f` selects nothing.

import { appLink } from '../app-link.js';
import { selectFunctions, setLegend, showError } from '../app-state.js';
import { h } from '../dom.js';
import { stopAll, watch } from '../store.js';
import { viewQueryOf, type ViewState } from '../url-state.js';
import { isAbort, messageOf, type View, type ViewContext } from './view.js';

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

/**
 * Shows a view's model once loaded: the section is busy meanwhile; then the legend is set and
 * `show` renders; a failure (not an abort: the user moved on) is shown in place of the view.
 */
export function showWhenLoaded<T extends { readonly legend: readonly string[] }>(
  section: HTMLElement,
  context: ViewContext,
  loading: Promise<T>,
  show: (model: T) => void,
): void {
  section.setAttribute('aria-busy', 'true');
  loading.then(
    (model) => {
      section.removeAttribute('aria-busy');
      context.store.update(setLegend(model.legend));
      context.store.update(showError(undefined));
      show(model);
    },
    (error: unknown) => {
      if (isAbort(error)) return;
      section.removeAttribute('aria-busy');
      context.store.update(showError(messageOf(error)));
    },
  );
}

export interface ReportViewParts<T> {
  /** The view's element, already in the container; marked busy while loading, loaded after. */
  readonly section: HTMLElement;
  load(query: string, signal: AbortSignal): Promise<T>;
  render(model: T, state: ViewState): void;
}

/**
 * The life of a report view: its model loaded once per query (`viewQueryOf`), the legend set
 * from it, failures shown in place of the view. It selects nothing for the Refine menu.
 */
export function mountReportView<T extends { readonly legend: readonly string[] }>(
  container: HTMLElement,
  context: ViewContext,
  parts: ReportViewParts<T>,
): View {
  const { section } = parts;
  let loadedKey: string | undefined;
  let request: AbortController | undefined;
  const update = (state: ViewState) => {
    context.store.update(selectFunctions([]));
    const key = viewQueryOf(state);
    if (key === loadedKey) return;
    request?.abort();
    request = new AbortController();
    showWhenLoaded(section, context, parts.load(key, request.signal), (model) => {
      loadedKey = key;
      parts.render(model, state);
      section.dataset.loaded = 'true';
    });
  };
  const stop = watch(context.store, (s) => s.location.state, update);
  return {
    destroy: () => {
      stopAll([stop]);
      request?.abort();
      container.replaceChildren();
    },
  };
}
