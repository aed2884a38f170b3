// The state of the whole page, held by the one store (store.ts): the URL's state, and what the
// views share without putting it in the URL (the functions picked for the Refine menu, the flame
// graph on screen, the theme, what is open over the page, the header's legend, search status
// and error). Every change is one of the pure functions below, so each is tested without a DOM.

import type { FlameSnapshot } from './flame/flame-snapshot.js';
import { sameSnapshot } from './flame/flame-snapshot.js';
import type { RefineMenuRequest } from './refine/refine-menu-items.js';
import type { Update } from './store.js';
import { toggledTheme, withSystemTheme, type ThemeState } from './theme-state.js';
import type { Theme } from './theme-name.js';
import { viewOf, type ParsedLocation, type StateChange, type ViewState } from './url-state.js';
import { formatZoomPath, parseZoomPath } from '../zoom-path.js';

export type HeaderMenuId = 'config-menu' | 'diff-menu' | 'export-menu';
export type PopoverId = 'label-panel' | 'preset-panel';

/** What is open over the page; one thing at a time, so opening one closes the other. */
export type Overlay =
  | { readonly id: 'help' | HeaderMenuId | PopoverId }
  | { readonly id: 'refine-menu'; readonly request: RefineMenuRequest };
export type OverlayId = Overlay['id'];

/** Overlays about the state the page showed, which a navigation closes (menus of the header stay). */
const CLOSED_BY_NAVIGATION: ReadonlySet<OverlayId> = new Set(['refine-menu', 'label-panel', 'preset-panel']);

export interface SearchStatus {
  /** The search's outcome in the view, e.g. "Matched 1.2MB (12%)"; "" for none. */
  readonly text: string;
  readonly isError: boolean;
}

export interface AppState {
  /** The URL's state (url-state.ts): what reload, links and back/forward reproduce. */
  readonly location: ParsedLocation;
  /** The functions picked for the header's Refine menu (Top rows, the zoomed flame graph frame). */
  readonly selection: readonly string[];
  readonly theme: ThemeState;
  /** The flame graph on screen, which the exports draw; undefined when none is. */
  readonly flame: FlameSnapshot | undefined;
  readonly overlay: Overlay | undefined;
  readonly detailsOpen: boolean;
  /** pprof's legend lines for what the view shows (File, Type, Time, Showing ...). */
  readonly legend: readonly string[];
  readonly searchStatus: SearchStatus;
  /** A failure shown in place of the view's data. */
  readonly error: string | undefined;
}

export function initialAppState(location: ParsedLocation, theme: ThemeState): AppState {
  return {
    location,
    selection: [],
    theme,
    flame: undefined,
    overlay: undefined,
    detailsOpen: false,
    legend: [],
    searchStatus: { text: '', isError: false },
    error: location.error,
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** The page moved to a location (a link, back/forward): menus about the old state close. */
export const navigated =
  (location: ParsedLocation): Update<AppState> =>
  (state) => ({
    ...state,
    location,
    overlay: state.overlay !== undefined && CLOSED_BY_NAVIGATION.has(state.overlay.id) ? undefined : state.overlay,
  });

export const selectFunctions =
  (names: readonly string[]): Update<AppState> =>
  (state) =>
    sameList(state.selection, names) ? state : { ...state, selection: [...names] };

export const setLegend =
  (lines: readonly string[]): Update<AppState> =>
  (state) =>
    sameList(state.legend, lines) ? state : { ...state, legend: [...lines] };

export const setSearchStatus =
  (text: string, isError = false): Update<AppState> =>
  (state) =>
    state.searchStatus.text === text && state.searchStatus.isError === isError
      ? state
      : { ...state, searchStatus: { text, isError } };

export const showError =
  (message: string | undefined): Update<AppState> =>
  (state) =>
    state.error === message ? state : { ...state, error: message };

export const publishFlame =
  (snapshot: FlameSnapshot | undefined): Update<AppState> =>
  (state) =>
    sameSnapshot(state.flame, snapshot) ? state : { ...state, flame: snapshot };

export const toggleTheme: Update<AppState> = (state) => ({ ...state, theme: toggledTheme(state.theme) });

export const systemThemeChanged =
  (system: Theme): Update<AppState> =>
  (state) => {
    const theme = withSystemTheme(state.theme, system);
    return theme === state.theme ? state : { ...state, theme };
  };

export const openOverlay =
  (overlay: Overlay): Update<AppState> =>
  (state) => ({ ...state, overlay });

/** Opens the refine menu for a function (or several, or a regexp) at a point or below an element. */
export const openRefineMenu = (request: RefineMenuRequest): Update<AppState> =>
  openOverlay({ id: 'refine-menu', request });

/** Closes what is open when it is `id` (anything, without one). */
export const closeOverlay =
  (id?: OverlayId): Update<AppState> =>
  (state) =>
    state.overlay === undefined || (id !== undefined && state.overlay.id !== id)
      ? state
      : { ...state, overlay: undefined };

/** Opens `id` (the help, a header menu, a popover), or closes it when it is open. */
export const toggleOverlay =
  (id: Exclude<OverlayId, 'refine-menu'>): Update<AppState> =>
  (state) => ({ ...state, overlay: state.overlay?.id === id ? undefined : { id } });

export function isOpen(state: AppState, id: OverlayId): boolean {
  return state.overlay?.id === id;
}

export const toggleDetails: Update<AppState> = (state) => ({ ...state, detailsOpen: !state.detailsOpen });

export type ZoomRequest = 'out' | 'reset';

/**
 * The keyboard's zoom out (one level: the zoom path without its last frame) or reset, as a change
 * of the URL like any zoom; undefined when the plain flame graph is not zoomed.
 */
export function flameZoomChange(view: ViewState, request: ZoomRequest): StateChange | undefined {
  const zoom = view.zoom ?? '';
  if (viewOf(view.route) !== 'flamegraph' || view.options.pivot !== '' || zoom === '') return undefined;
  return { zoom: request === 'reset' ? '' : formatZoomPath(parseZoomPath(zoom).slice(0, -1)) };
}

/** What Escape does: the innermost thing open goes first (what is over the page, the search box, the zoom). */
export type EscapeStep =
  | { readonly kind: 'close-overlay' }
  | { readonly kind: 'leave-search' }
  | { readonly kind: 'zoom'; readonly change: StateChange }
  | { readonly kind: 'none' };

export function escapeStep(state: AppState, searchFocused: boolean): EscapeStep {
  if (state.overlay !== undefined) return { kind: 'close-overlay' };
  if (searchFocused) return { kind: 'leave-search' };
  const change = flameZoomChange(state.location.state, 'reset');
  return change === undefined ? { kind: 'none' } : { kind: 'zoom', change };
}
