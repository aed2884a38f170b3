// The offline report's page: a header (which file, which sample type, which view, the search)
// over the flame graph, Top or the details of the chosen profile. All from the embedded data;
// nothing is fetched.

import type { OfflineReportData, ReportProfileModel, ReportSampleView } from '../../report/offline-report-model.js';
import { h } from '../dom.js';
import { compileSearch, type GoRegexp } from '../search-regexp.js';
import type { Theme } from '../theme-name.js';
import { flameGraphOf } from './report-data.js';
import { ReportFlamePane } from './report-flame-pane.js';
import { renderDetails, renderTop } from './report-panels.js';

export type ReportTab = 'flame' | 'top' | 'details';
const TABS: readonly [ReportTab, string][] = [
  ['flame', 'Flame graph'],
  ['top', 'Top'],
  ['details', 'Details'],
];

interface PageState {
  profile: number;
  sample: number;
  tab: ReportTab;
  search: string;
  /**
   * The flame graph's shape as the address says (`#leaf=1`, `#leaf=0`); absent, each sample type
   * opens as the viewer would (its `leafFirst`, when it has one).
   */
  leafFirst: boolean | undefined;
}

/** The shape the address's fragment asks for. */
function leafFirstOfHash(hash: string): boolean | undefined {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('leaf');
  return value === '1' ? true : value === '0' ? false : undefined;
}

export class ReportPage {
  readonly element: HTMLElement;
  private readonly state: PageState;
  private readonly header: HTMLElement;
  private readonly main: HTMLElement;
  private readonly error: HTMLElement;
  private flame: ReportFlamePane | undefined;
  /** Bumped per render: a flame graph decoded for an older render is not shown. */
  private renderCount = 0;

  constructor(
    private readonly data: OfflineReportData,
    private readonly theme: Theme,
  ) {
    const first = data.profiles[0];
    this.state = {
      profile: 0,
      sample: first?.defaultSampleIndex ?? 0,
      tab: 'flame',
      search: '',
      leafFirst: leafFirstOfHash(window.location.hash),
    };
    this.header = h('header', { className: 'report-header' });
    this.error = h('p', { className: 'report-error', id: 'report-error', attrs: { role: 'alert' } });
    this.main = h('main', { id: 'report-main' });
    this.element = h('div', { className: 'report' }, this.header, this.error, this.main);
    window.addEventListener('resize', () => this.flame?.draw());
    // The reason line's link and the Leaf first button change the fragment: back and forward too.
    window.addEventListener('hashchange', () => this.change({ leafFirst: leafFirstOfHash(window.location.hash) }));
    window.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.flame?.setZoom(0);
    });
  }

  private profile(): ReportProfileModel {
    return this.data.profiles[this.state.profile]!;
  }

  private sampleView(): ReportSampleView {
    return this.profile().views[this.state.sample]!;
  }

  /** Renders the header and the current tab; the flame graph once its data is decoded. */
  async render(): Promise<void> {
    const count = ++this.renderCount;
    this.renderHeader();
    this.error.textContent = '';
    this.flame = undefined;
    const { tab } = this.state;
    const view = this.sampleView();
    if (tab === 'top') this.main.replaceChildren(renderTop(view, this.searchRegExp()));
    if (tab === 'details') this.main.replaceChildren(renderDetails(this.profile(), view));
    if (tab !== 'flame') return;
    const leafFirst = this.state.leafFirst ?? view.leafFirst !== undefined;
    const omitted = leafFirst && view.leafFirst !== undefined ? view.leafFirst.omitted : view.omitted;
    this.main.replaceChildren(this.legend(omitted, []));
    const graph = await flameGraphOf(view, leafFirst);
    if (count !== this.renderCount) return;
    const pane = new ReportFlamePane(graph, this.theme);
    this.main.replaceChildren(this.shapeLine(view), this.legend(omitted, graph.info.legend), pane.element);
    this.flame = pane;
    pane.draw();
    this.error.textContent = pane.setSearch(this.state.search);
    this.element.dataset['drawn'] = `${this.state.profile}:${this.state.sample}`;
  }

  private legend(omitted: readonly string[], lines: readonly string[]): HTMLElement {
    return h(
      'div',
      { className: 'flame-notes' },
      h('pre', { className: 'legend', id: 'flame-legend', text: lines.join('\n') }),
      ...omitted.map((sentence) => h('p', { className: 'flame-note', text: sentence })),
    );
  }

  /**
   * For a sample type that opens leaf first: why, with a link back to root first; once a shape is
   * chosen, a link to the other. Links change the fragment, so the address says which is shown.
   */
  private shapeLine(view: ReportSampleView): HTMLElement {
    const line = h('p', { className: 'flame-leaf-reason', id: 'flame-leaf-reason' });
    const { leafFirst } = this.state;
    if (view.leafFirst === undefined) line.hidden = true;
    else if (leafFirst === undefined) {
      const back = h('a', { id: 'flame-root-first', text: 'Root first', attrs: { href: '#leaf=0' } });
      line.append(`Opened leaf first: ${view.leafFirst.reason} — `, back);
    } else {
      const other = leafFirst ? ['#leaf=0', 'Root first'] : ['#leaf=1', 'Leaf first'];
      const link = h('a', { id: 'flame-other-shape', text: other[1]!, attrs: { href: other[0]! } });
      line.append(`${leafFirst ? 'Leaf first' : 'Root first'}, as the address asks — `, link);
    }
    return line;
  }

  private searchRegExp(): GoRegexp | undefined {
    if (this.state.search === '') return undefined;
    try {
      return compileSearch(this.state.search);
    } catch (error) {
      this.error.textContent = (error as Error).message;
      return undefined;
    }
  }

  private change(update: Partial<PageState>): void {
    Object.assign(this.state, update);
    void this.render().catch((error: unknown) => {
      this.error.textContent = (error as Error).message;
    });
  }

  private renderHeader(): void {
    const profile = this.profile();
    const profileSelect = select(
      'profile-select',
      'Profile',
      this.data.profiles.map((p) => `${p.name} (${p.type})`),
      this.state.profile,
      (index) => this.change({ profile: index, sample: this.data.profiles[index]!.defaultSampleIndex }),
    );
    const sampleSelect = select(
      'sample-select',
      'Sample type',
      profile.views.map((v) => `${v.sampleType.type} (${v.sampleType.unit})`),
      this.state.sample,
      (index) => this.change({ sample: index }),
    );
    const tabs = TABS.map(([tab, label]) =>
      h('button', {
        text: label,
        attrs: { 'data-tab': tab, 'aria-pressed': String(tab === this.state.tab) },
        on: { click: () => this.change({ tab }) },
      }),
    );
    const search = h('input', {
      id: 'search',
      attrs: { type: 'search', placeholder: 'Search (regexp)', 'aria-label': 'Search', value: this.state.search },
      on: { change: (event) => this.change({ search: (event.target as HTMLInputElement).value }) },
    });
    const advice =
      profile.advice.length === 0
        ? undefined
        : adviceMark(profile.advice.length, () => this.change({ tab: 'details' }));
    this.header.replaceChildren(
      h('strong', { text: 'go-profiler report' }),
      this.data.profiles.length > 1 ? profileSelect : h('span', { className: 'file-name', text: profile.name }),
      sampleSelect,
      h('nav', { className: 'tabs' }, ...tabs),
      search,
      ...(advice === undefined ? [] : [advice]),
    );
  }
}

function adviceMark(count: number, open: () => void): HTMLElement {
  return h('button', {
    className: 'advice-mark',
    id: 'advice-mark',
    text: `⚠ ${count} advice`,
    attrs: { title: 'Advice for this capture: see Details' },
    on: { click: open },
  });
}

function select(id: string, label: string, options: readonly string[], chosen: number, pick: (index: number) => void) {
  const element = h(
    'select',
    {
      id,
      attrs: { 'aria-label': label },
      on: { change: (event) => pick(Number((event.target as HTMLSelectElement).value)) },
    },
    ...options.map((text, index) => h('option', { text, attrs: { value: String(index) } })),
  );
  element.value = String(chosen);
  return element;
}
