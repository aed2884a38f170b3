// Splits a report's groups of rows (a Peek entry, a Source function) into pages of a few hundred
// rows, never splitting a group, so `f=.` shows a page a user can scroll rather than one 90,000 px
// tall; and says where a page lies ("Functions 1–9 of 80").

/** Rows per page: a few screens, few enough that the browser lays them out at once. */
export const ROWS_PER_PAGE = 300;

/** One page: the groups `[start, end)`. */
export interface RowPage {
  readonly start: number;
  readonly end: number;
}

/**
 * Pages of whole groups, each holding at most `rowsPerPage` rows unless one group alone has more
 * (it then fills a page by itself). No groups: one empty page, so a view always has a page 0.
 */
export function splitIntoPages(rowCounts: readonly number[], rowsPerPage = ROWS_PER_PAGE): RowPage[] {
  const pages: RowPage[] = [];
  let start = 0;
  let rows = 0;
  rowCounts.forEach((count, i) => {
    if (i > start && rows + count > rowsPerPage) {
      pages.push({ start, end: i });
      start = i;
      rows = 0;
    }
    rows += count;
  });
  pages.push({ start, end: rowCounts.length });
  return pages;
}

/** The pager's text: `Functions 10–21 of 80 (page 2 of 7)`. */
export function pageLabel(pages: readonly RowPage[], index: number, noun: string): string {
  const page = pages[index];
  const total = pages.at(-1)?.end ?? 0;
  if (page === undefined || total === 0) return '';
  return `${noun} ${page.start + 1}–${page.end} of ${total} (page ${index + 1} of ${pages.length})`;
}
