import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  closeOverlay,
  escapeStep,
  flameZoomChange,
  initialAppState,
  isOpen,
  navigated,
  openOverlay,
  openRefineMenu,
  publishFlame,
  selectFunctions,
  setLegend,
  setSearchStatus,
  showError,
  systemThemeChanged,
  toggleDetails,
  toggleOverlay,
  toggleTheme,
  type AppState,
} from './app-state.js';
import { layoutFlameGraph } from './flame/flame-layout.js';
import { flameGraphOfRows } from './flame/flame-graph-rows.js';
import { DEFAULT_QUERY_OPTIONS } from './query-options.js';
import { effectiveTheme } from './theme-state.js';
import { parseLocation } from './url-state.js';

const at = (path: string, query = '') => parseLocation(path, query);
const start = (path = '/', query = ''): AppState =>
  initialAppState(at(path, query), { chosen: undefined, system: 'light' });
const menuRequest = { target: { names: ['main.a'] }, at: { clientX: 1, clientY: 2 } };

describe('app state', () => {
  it('starts from the URL with nothing selected, shown or open, and the URL’s error', () => {
    assert.deepEqual(start('/top', '?f=main'), {
      location: at('/top', '?f=main'),
      selection: [],
      theme: { chosen: undefined, system: 'light' },
      flame: undefined,
      overlay: undefined,
      detailsOpen: false,
      legend: [],
      searchStatus: { text: '', isError: false },
      error: undefined,
    });
    assert.equal(start('/top', '?n=many').error, 'parse option n: "many" is not a number');
  });

  it('closes the menus about the old state on a navigation, and keeps the header’s', () => {
    const next = at('/top');
    const withMenu = openRefineMenu(menuRequest)(start());
    assert.deepEqual(navigated(next)(withMenu), { ...withMenu, location: next, overlay: undefined });
    const withPanel = openOverlay({ id: 'label-panel' })(start());
    assert.equal(navigated(next)(withPanel).overlay, undefined);
    const withDiff = openOverlay({ id: 'diff-menu' })(start());
    assert.deepEqual(navigated(next)(withDiff).overlay, { id: 'diff-menu' });
    const withHelp = toggleOverlay('help')(start());
    assert.deepEqual(navigated(next)(withHelp).overlay, { id: 'help' });
  });

  it('changes nothing (the same object) when the selection, legend, status or error are as they were', () => {
    const state = setSearchStatus('3 of 9 rows match')(setLegend(['File: a'])(selectFunctions(['main.a'])(start())));
    assert.deepEqual(state.selection, ['main.a']);
    assert.deepEqual(state.legend, ['File: a']);
    assert.deepEqual(state.searchStatus, { text: '3 of 9 rows match', isError: false });
    assert.equal(selectFunctions(['main.a'])(state), state);
    assert.equal(setLegend(['File: a'])(state), state);
    assert.equal(setSearchStatus('3 of 9 rows match')(state), state);
    assert.equal(showError(undefined)(state), state);
    assert.deepEqual(setSearchStatus('bad regexp', true)(state).searchStatus, { text: 'bad regexp', isError: true });
    assert.equal(showError('load top: HTTP 500')(state).error, 'load top: HTTP 500');
    assert.deepEqual(selectFunctions([])(state).selection, []);
  });

  it('keeps the flame graph on screen, changing only when what the exports draw changes', () => {
    const layout = layoutFlameGraph(
      flameGraphOfRows([
        [0, 'root', 3, 0],
        [1, 'main', 3, 3],
      ]),
    );
    const snapshot = { query: 'si=alloc_space', layout, zoom: 1, orientation: 'icicle' as const, widthPx: 800 };
    const shown = publishFlame(snapshot)(start());
    assert.equal(shown.flame, snapshot);
    assert.equal(publishFlame({ ...snapshot })(shown), shown);
    assert.deepEqual(publishFlame({ ...snapshot, zoom: 0 })(shown).flame, { ...snapshot, zoom: 0 });
    assert.equal(publishFlame(undefined)(shown).flame, undefined);
  });

  it('toggles to the other theme than the one shown, which the system no longer changes', () => {
    const dark = systemThemeChanged('dark')(start());
    assert.deepEqual(dark.theme, { chosen: undefined, system: 'dark' });
    assert.equal(systemThemeChanged('dark')(dark), dark);
    const light = toggleTheme(dark);
    assert.deepEqual(light.theme, { chosen: 'light', system: 'dark' });
    assert.equal(effectiveTheme(systemThemeChanged('light')(systemThemeChanged('dark')(light)).theme), 'light');
    assert.deepEqual(toggleTheme(light).theme, { chosen: 'dark', system: 'dark' });
  });

  it('opens one thing over the page at a time, and closes only what is named', () => {
    const help = toggleOverlay('help')(start());
    assert.equal(isOpen(help, 'help'), true);
    const menu = openRefineMenu(menuRequest)(help);
    assert.deepEqual(menu.overlay, { id: 'refine-menu', request: menuRequest });
    assert.equal(isOpen(menu, 'help'), false);
    assert.equal(closeOverlay('config-menu')(menu), menu);
    assert.equal(closeOverlay('refine-menu')(menu).overlay, undefined);
    assert.equal(closeOverlay()(menu).overlay, undefined);
    assert.equal(toggleOverlay('help')(help).overlay, undefined);
    assert.deepEqual(toggleOverlay('export-menu')(help).overlay, { id: 'export-menu' });
    assert.equal(toggleDetails(toggleDetails(start())).detailsOpen, false);
    assert.equal(toggleDetails(start()).detailsOpen, true);
  });

  it('zooms the plain flame graph out one frame of its path, or all the way', () => {
    const zoomed = at('/flamegraph', `?zoom=${encodeURIComponent('main;a\\;b;c')}`).state;
    assert.deepEqual(flameZoomChange(zoomed, 'out'), { zoom: 'main;a\\;b' });
    assert.deepEqual(flameZoomChange(zoomed, 'reset'), { zoom: '' });
    assert.deepEqual(flameZoomChange(at('/', '?zoom=main').state, 'out'), { zoom: '' });
    assert.equal(flameZoomChange(at('/flamegraph').state, 'out'), undefined);
    assert.equal(flameZoomChange({ ...zoomed, route: 'top' }, 'reset'), undefined);
    assert.equal(flameZoomChange({ ...zoomed, options: { ...DEFAULT_QUERY_OPTIONS, pivot: '^a$' } }, 'out'), undefined);
  });

  it('lets Escape close what is open, then leave the search box, then zoom out', () => {
    const zoomed = start('/flamegraph', '?zoom=main%3Ba');
    assert.deepEqual(escapeStep(toggleOverlay('help')(zoomed), true), { kind: 'close-overlay' });
    assert.deepEqual(escapeStep(zoomed, true), { kind: 'leave-search' });
    assert.deepEqual(escapeStep(zoomed, false), { kind: 'zoom', change: { zoom: '' } });
    assert.deepEqual(escapeStep(start('/top'), false), { kind: 'none' });
  });
});
