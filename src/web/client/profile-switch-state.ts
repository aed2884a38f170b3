// The bundle session's profile switcher as pure functions: each option's label, and where
// switching goes: the profile's own page as the user last left it in this tab (each profile keeps
// its own URL state), else the same view of that profile on its defaults.

import type { BundleSetModel, CaptureWindow } from '../view-models.js';
import { sessionRootOf, viewOf, type Route } from './url-state.js';

/** The key under which a tab remembers a profile's last page (sessionStorage). */
export function rememberedKey(name: string): string {
  return `go-profiler.bundle-profile.${name}`;
}

/** `allocs · during 30 s`; `heap`. */
export function profileOptionLabel(name: string, window: CaptureWindow | undefined): string {
  return window === undefined ? name : `${name} · during ${window.seconds} s`;
}

/**
 * Where switching to `name` goes from a page under `basePath` showing `route`: `remembered` (that
 * profile's last page in this tab) when it is one of this session's, else `<root>profile/NAME/<view>`.
 * The Replicas view has no place in a bundle: the flame graph then.
 */
export function profileHref(name: string, basePath: string, route: Route, remembered: string | null): string {
  const root = sessionRootOf(basePath);
  const own = `${root}profile/${name}/`;
  if (remembered !== null && remembered.startsWith(own)) return remembered;
  const view = viewOf(route);
  return `${own}${view === 'replicas' || route === '' ? '' : view}`;
}

/** The profiles to offer, in the session's order, each with its label. */
export function profileOptions(set: BundleSetModel): { name: string; label: string }[] {
  return set.names.map((name) => ({
    name,
    label: profileOptionLabel(name, set.entries.find((entry) => entry.name === name)?.window),
  }));
}
