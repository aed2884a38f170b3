// The Config menu as pure functions: its entries (Default, then each saved config, as links to the
// current view with the config's options, the one the URL matches marked as pprof marks it), the
// tooltips and the questions it asks.

import type { SavedConfigListing } from '../view-models.js';
import { applyConfigQuery, isConfigApplied } from '../saved-config-query.js';
import type { QueryOptions } from './query-options.js';
import type { StateChange } from './url-state.js';
import { messageOf } from './error-message.js';

export interface ConfigEntry {
  readonly name: string;
  /** Where its link goes, or why it cannot go anywhere (a value edited by hand that does not parse). */
  readonly change: StateChange | { readonly error: string };
  /** Whether this is the config the URL matches (the last one that does). */
  readonly current: boolean;
  /** Saved configs can be deleted and have a tooltip; Default is neither. */
  readonly saved: boolean;
  readonly title: string;
}

/** `f=main h=runtime`: a config's options as a tooltip shows them. */
export function describeQuery(query: string): string {
  const params = [...new URLSearchParams(query)].map(([name, value]) => `${name}=${value}`);
  return params.length === 0 ? 'No refine options' : params.join('  ');
}

function appliedTo(options: QueryOptions, query: string): boolean {
  try {
    return isConfigApplied(options, query);
  } catch {
    // A config with a bad value (edited by hand) matches nothing; its entry says why.
    return false;
  }
}

function changeOf(options: QueryOptions, query: string): ConfigEntry['change'] {
  try {
    return { options: applyConfigQuery(options, query), zoom: '' };
  } catch (error) {
    return { error: messageOf(error) };
  }
}

export function configEntries(listing: SavedConfigListing, options: QueryOptions): ConfigEntry[] {
  const all = [{ name: 'Default', query: '', saved: false }, ...listing.configs.map((c) => ({ ...c, saved: true }))];
  let current = -1;
  all.forEach((entry, index) => {
    if (appliedTo(options, entry.query)) current = index;
  });
  return all.map((entry, index) => ({
    name: entry.name,
    change: changeOf(options, entry.query),
    current: index === current,
    saved: entry.saved,
    title: entry.saved ? describeQuery(entry.query) : '',
  }));
}

/** The Save dialog's button: Replace when a config of that name exists. */
export function saveButtonText(listing: SavedConfigListing, name: string): 'Save' | 'Replace' {
  return listing.configs.some((config) => config.name === name.trim()) ? 'Replace' : 'Save';
}

export function deleteQuestion(name: string, listing: SavedConfigListing): string {
  const sharing = listing.scope === undefined ? 'this settings file' : `the configs of ${listing.scope}`;
  return `Delete the config “${name}”? Every viewer sharing ${sharing} loses it.`;
}

/** What the menu says above its list: nothing, why configs are unavailable, or a failure. */
export function listingProblem(next: SavedConfigListing | Error): string | undefined {
  return next instanceof Error ? messageOf(next) : next.unavailable;
}
