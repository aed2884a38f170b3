// The header's refine controls as pure functions of the state: what the Refine button acts on,
// the label panel's actions on a key or value, and the Go presets offered.

import type { LabelKeyModel, PresetsViewModel } from '../../view-models.js';
import type { Granularity, QueryOptions } from '../query-options.js';
import type { StateChange } from '../url-state.js';
import { applyPreset, applyTagRefine, toggleLabelGroup } from './apply-refine.js';
import type { RefineTarget } from './refine-menu-items.js';

export const GRANULARITY_LABELS: Readonly<Record<Granularity, string>> = {
  functions: 'Functions',
  filefunctions: 'File:function',
  files: 'Files',
  lines: 'Lines',
  addresses: 'Addresses',
};

/** The Refine button's target: the selected functions, else the search (pprof's regexp mode), else nothing. */
export function refineTargetOf(selection: readonly string[], search: string): RefineTarget | undefined {
  if (selection.length > 0) return { names: selection };
  if (search !== '') return { regexp: search };
  return undefined;
}

export function refineButtonTitle(target: RefineTarget | undefined): string {
  return target === undefined
    ? 'Select functions (Top rows, a flame graph frame) or type a search to refine on them'
    : 'Focus, ignore, hide, show… the selected functions (or the search)';
}

export type LabelGroupPlace = 'root' | 'leaf';

/** Whether the key is a group of frames at the root or the leaf (tagroot / tagleaf). */
export function isGroupedBy(options: QueryOptions, where: LabelGroupPlace, key: string): boolean {
  return options[where === 'root' ? 'tagRoot' : 'tagLeaf'].split(',').includes(key);
}

/** Grouping by a key (or stopping): frames change, so a zoom into the old ones is dropped. */
export function labelGroupChange(options: QueryOptions, where: LabelGroupPlace, key: string): StateChange {
  return { options: toggleLabelGroup(options, where, key), zoom: '' };
}

export type TagAction = 'tag-focus' | 'tag-ignore';

/** The value actions of a key: tag focus and ignore on string labels; numeric labels only group. */
export function tagActionsOf(key: LabelKeyModel): readonly (readonly [TagAction, string])[] {
  return key.numeric
    ? []
    : [
        ['tag-focus', 'Focus'],
        ['tag-ignore', 'Ignore'],
      ];
}

export function tagChange(options: QueryOptions, action: TagAction, key: string, value: string): StateChange {
  return { options: applyTagRefine(options, action, key, value), zoom: '' };
}

export interface PresetItem {
  readonly id: string;
  readonly text: string;
  readonly detail: string;
  /** Undefined when the preset has nothing to apply (no main package). */
  readonly change: StateChange | undefined;
}

/** The Go presets: hide the runtime and GC frames; show only the main module's. */
export function presetItems(presets: PresetsViewModel, options: QueryOptions): readonly PresetItem[] {
  const module = presets.modulePath === '' ? 'package main' : `package main and module ${presets.modulePath}`;
  return [
    {
      id: 'preset-hide-runtime',
      text: 'Hide runtime and GC frames',
      detail: `hide ${presets.hideRuntime}`,
      change: { options: applyPreset(options, 'hide-runtime', presets.hideRuntime) },
    },
    {
      id: 'preset-main-module',
      text: `Only the main module's frames (${module})`,
      detail: presets.mainModule === '' ? 'no main package in this profile' : `show ${presets.mainModule}`,
      change:
        presets.mainModule === '' ? undefined : { options: applyPreset(options, 'main-module', presets.mainModule) },
    },
  ];
}
