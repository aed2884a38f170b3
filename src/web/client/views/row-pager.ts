// The Previous/Next bar of a paged report (Peek, Source): shows one page of groups at a time,
// hidden when everything fits on one page; which groups a page holds is row-pages.ts's.

import { h } from '../dom.js';
import { pageLabel, type RowPage } from './row-pages.js';

export interface RowPager {
  readonly element: HTMLElement;
  /** Shows the first of `pages`, rendering a page with `renderPage` now and on each move. */
  show(pages: readonly RowPage[], renderPage: (page: RowPage) => void): void;
}

export function mountRowPager(noun: string): RowPager {
  const label = h('span', { className: 'pager-label' });
  const previous = h('button', { className: 'pager-previous', text: '← Previous', attrs: { type: 'button' } });
  const next = h('button', { className: 'pager-next', text: 'Next →', attrs: { type: 'button' } });
  const element = h('nav', { className: 'pager', attrs: { 'aria-label': `${noun} pages` } }, previous, label, next);
  element.hidden = true;
  let pages: readonly RowPage[] = [];
  let index = 0;
  let render: (page: RowPage) => void = () => undefined;
  const go = (to: number) => {
    index = to;
    label.textContent = pageLabel(pages, index, noun);
    element.dataset.page = String(index);
    previous.disabled = index === 0;
    next.disabled = index === pages.length - 1;
    render(pages[index]!);
  };
  previous.addEventListener('click', () => {
    go(index - 1);
    element.scrollIntoView({ block: 'start' });
  });
  next.addEventListener('click', () => {
    go(index + 1);
    element.scrollIntoView({ block: 'start' });
  });
  return {
    element,
    show: (shownPages, renderPage) => {
      pages = shownPages;
      render = renderPage;
      element.hidden = pages.length <= 1;
      go(0);
    },
  };
}
