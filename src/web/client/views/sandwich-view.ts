// The Sandwich view (`/sandwich`): the profile's functions on the left (the engine's Top, by cum),
// and for the selected one (`p`, the same parameter the flame graph pivots on) its callers
// above and its callees below. Clicking a caller or callee makes it the new center; back
// returns to the previous one; `f` alone centres on the heaviest function it matches. The pure
// parts are sandwich-state.ts's.

import type { TopRowModel } from '../../view-models.js';
import { appLink } from '../app-link.js';
import { openRefineMenu, selectFunctions, setLegend, showError } from '../app-state.js';
import { h } from '../dom.js';
import { stopAll, watch } from '../store.js';
import type { ViewState } from '../url-state.js';
import { PivotPair } from './pivot-pair.js';
import { filterRows, focusPick, listQueryOf, nameParts, pivotOf, promptOf } from './sandwich-state.js';
import { isAbort, messageOf, type View, type ViewContext, type ViewFactory } from './view.js';

class SandwichView implements View {
  #rows: readonly TopRowModel[] = [];
  #listQuery: string | undefined;
  #request: AbortController | undefined;
  readonly #filter = h('input', {
    id: 'sandwich-filter',
    attrs: {
      type: 'search',
      placeholder: 'Filter functions',
      'aria-label': 'Filter the function list',
      autocomplete: 'off',
    },
    on: { input: () => this.#renderList() },
  });
  readonly #list = h('ol', {
    id: 'sandwich-functions',
    attrs: { 'aria-label': 'Functions by cumulative value' },
  });
  readonly #prompt = h('p', { className: 'flame-message', attrs: { role: 'status' } });
  readonly #pair: PivotPair;
  readonly #section: HTMLElement;
  readonly #stop: () => unknown;

  readonly #container: HTMLElement;
  readonly #context: ViewContext;

  constructor(container: HTMLElement, context: ViewContext) {
    this.#container = container;
    this.#context = context;
    this.#pair = new PivotPair(context, 'repivot');
    this.#section = h(
      'section',
      { className: 'sandwich-view', attrs: { 'aria-label': 'Sandwich' } },
      h('div', { className: 'sandwich-list' }, this.#filter, this.#list),
      h('div', { className: 'sandwich-main' }, this.#prompt, this.#pair.element),
    );
    container.replaceChildren(this.#section);
    this.#stop = watch(
      context.store,
      (s) => s.location.state,
      (url) => this.#onUrl(url),
    );
  }

  destroy(): void {
    stopAll([this.#stop]);
    this.#request?.abort();
    this.#pair.destroy();
    this.#container.replaceChildren();
  }

  #onUrl(url: ViewState): void {
    this.#prompt.textContent = promptOf(url);
    this.#context.store.update(selectFunctions([]));
    this.#pair.update(url);
    this.#loadList(url);
  }

  #functionItem(row: TopRowModel, currentPivot: string): HTMLElement {
    const pivot = pivotOf(row.name);
    const link = appLink(this.#context, { options: { pivot } }, '', {
      'aria-current': String(currentPivot === pivot),
      'data-name': row.name,
    });
    link.replaceChildren(
      h('span', { className: 'fn-name' }, ...nameParts(row.name).flatMap((part) => [part, h('wbr')])),
      h('span', { className: 'fn-value', text: `${row.cumText} (${row.cumPercent})` }),
    );
    link.addEventListener('contextmenu', (event) => {
      event.preventDefault();
      this.#context.store.update(openRefineMenu({ target: { names: [row.name] }, at: event }));
    });
    return h('li', {}, link);
  }

  #renderList(): void {
    const { pivot } = this.#context.store.get().location.state.options;
    this.#list.replaceChildren(
      ...filterRows(this.#rows, this.#filter.value).map((row) => this.#functionItem(row, pivot)),
    );
  }

  #loadList(url: ViewState): void {
    const query = listQueryOf(url);
    if (query === this.#listQuery) return this.#renderList();
    this.#request?.abort();
    this.#request = new AbortController();
    // Building Top for a large profile takes seconds: say so rather than show an empty list.
    this.#section.setAttribute('aria-busy', 'true');
    this.#list.replaceChildren(h('li', { className: 'sandwich-loading', text: 'Loading the functions…' }));
    this.#context.api.top(query, this.#request.signal).then(
      (top) => {
        this.#section.removeAttribute('aria-busy');
        this.#listQuery = query;
        this.#rows = top.rows;
        if (this.#context.store.get().location.state.options.pivot === '')
          this.#context.store.update(setLegend(top.legend));
        this.#renderList();
        this.#section.dataset.loaded = 'true';
        const picked = focusPick(top.rows, this.#context.store.get().location.state);
        if (picked !== undefined) this.#context.navigate({ options: { pivot: pivotOf(picked) } }, { replace: true });
      },
      (error: unknown) => {
        if (isAbort(error)) return;
        this.#section.removeAttribute('aria-busy');
        this.#list.replaceChildren();
        this.#context.store.update(showError(messageOf(error)));
      },
    );
  }
}

export const mountSandwichView: ViewFactory = (container, context: ViewContext) => new SandwichView(container, context);
