// The bundle session's profile switcher in the header: a select of the session's profiles (cpu,
// allocs, heap...). Every page of a profile remembers its URL in this tab, so switching back to a
// profile restores its own sample type, filters, zoom and view.

import type { ProfileSummary } from '../view-models.js';
import type { AppState } from './app-state.js';
import { h } from './dom.js';
import { profileHref, profileOptions, rememberedKey } from './profile-switch-state.js';
import { watch, type Store } from './store.js';
import { formatLocation, sessionRootOf } from './url-state.js';

/** The switcher, or nothing outside a bundle session. */
export function mountProfileSwitch(store: Store<AppState>, summary: ProfileSummary): HTMLElement | false {
  const set = summary.profiles;
  if (set === undefined) return false;
  const select = h('select', { id: 'profile-switch', attrs: { 'aria-label': 'Profile of the bundle' } });
  for (const { name, label } of profileOptions(set)) {
    const option = h('option', { text: label });
    option.value = name;
    option.selected = name === set.current;
    select.append(option);
  }
  // This page is its profile's last one: where switching back to it returns.
  watch(
    store,
    (state) => state.location,
    (location) => {
      // The root shows the first profile: remembered under that profile's own path.
      const own = `${sessionRootOf(location.basePath)}profile/${set.current}/`;
      remember(set.current, formatLocation(location.state, own));
    },
  );
  select.addEventListener('change', () => {
    const { location } = store.get();
    const href = profileHref(select.value, location.basePath, location.state.route, recall(select.value));
    // Another profile is another capture: its page loads its own summary and sample types.
    window.location.assign(href);
  });
  return h('label', { className: 'profile-switch' }, 'Profile ', select);
}

function remember(name: string, href: string): void {
  try {
    window.sessionStorage.setItem(rememberedKey(name), href);
  } catch {
    // Storage refused (private mode, quota): switching then opens the profile's defaults.
    return;
  }
}

function recall(name: string): string | null {
  try {
    return window.sessionStorage.getItem(rememberedKey(name));
  } catch {
    return null;
  }
}
