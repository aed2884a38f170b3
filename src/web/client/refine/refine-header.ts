// The header's refine controls: the Refine menu (pprof's, acting on the selected functions or on
// the search regexp), the granularity, the labels (tag focus / tag ignore on a value, group by a
// key with tagroot/tagleaf) and the Go presets (hide runtime and GC frames, only the main
// module's frames). What each offers is refine-controls-state.ts's.

import type { LabelKeyModel, LabelsViewModel, PresetsViewModel } from '../../view-models.js';
import type { ApiClient } from '../api-client.js';
import { closeOverlay, isOpen, openOverlay, openRefineMenu, type AppState, type PopoverId } from '../app-state.js';
import { h } from '../dom.js';
import { GRANULARITIES, type Granularity, type QueryOptions } from '../query-options.js';
import { watch, type Store } from '../store.js';
import { optionsQuery, type StateChange } from '../url-state.js';
import { messageOf } from '../error-message.js';
import { makePopover, type Popover } from './popover.js';
import {
  GRANULARITY_LABELS,
  isGroupedBy,
  labelGroupChange,
  presetItems,
  refineButtonTitle,
  refineTargetOf,
  tagActionsOf,
  tagChange,
  type LabelGroupPlace,
} from './refine-controls-state.js';

interface ControlsContext {
  readonly api: ApiClient;
  readonly store: Store<AppState>;
  navigate(change: StateChange): void;
}

/** Closes the panel and moves to the state one of its buttons stands for. */
type Act = (change: StateChange) => void;

function mountRefineButton(store: Store<AppState>): HTMLButtonElement {
  const targetOf = () => {
    const state = store.get();
    return refineTargetOf(state.selection, state.location.state.search);
  };
  const button = h('button', {
    id: 'refine-button',
    text: 'Refine ▾',
    attrs: { type: 'button', 'aria-haspopup': 'menu' },
    on: {
      click: () => {
        const target = targetOf();
        if (target !== undefined) store.update(openRefineMenu({ target, at: button }));
      },
    },
  });
  const render = () => {
    const target = targetOf();
    button.disabled = target === undefined;
    button.title = refineButtonTitle(target);
  };
  watch(store, (state) => state.selection, render);
  watch(store, (state) => state.location.state.search, render);
  return button;
}

function mountGranularity(store: Store<AppState>, navigate: ControlsContext['navigate']): HTMLSelectElement {
  const select = h('select', { id: 'granularity', attrs: { 'aria-label': 'Granularity' } });
  for (const g of GRANULARITIES) {
    const option = h('option', { text: GRANULARITY_LABELS[g] });
    option.value = g;
    select.append(option);
  }
  select.addEventListener('change', () =>
    navigate({ options: { granularity: select.value as Granularity }, zoom: '' }),
  );
  watch(
    store,
    (state) => state.location.state.options.granularity,
    (granularity) => (select.value = granularity),
  );
  return select;
}

/** One label key: its group-by buttons and a row per value with its weight and actions. */
function labelSection(key: LabelKeyModel, options: QueryOptions, act: Act): HTMLElement {
  const groupButton = (where: LabelGroupPlace, text: string) =>
    h('button', {
      text,
      attrs: {
        type: 'button',
        'aria-pressed': String(isGroupedBy(options, where, key.key)),
        'data-group': `${where}:${key.key}`,
      },
      on: { click: () => act(labelGroupChange(options, where, key.key)) },
    });
  const rows = key.values.map((value) =>
    h(
      'tr',
      { attrs: { 'data-key': key.key, 'data-value': value.name } },
      h('td', { className: 'label-value', text: value.name }),
      h('td', { className: 'numeric label-weight', text: value.valueText }),
      h('td', { className: 'numeric label-percent', text: value.percent }),
      h(
        'td',
        {},
        ...tagActionsOf(key).map(([action, text]) =>
          h('button', {
            text,
            attrs: { type: 'button', 'aria-label': `${text} ${key.key}=${value.name}`, 'data-tag-action': action },
            on: { click: () => act(tagChange(options, action, key.key, value.name)) },
          }),
        ),
      ),
    ),
  );
  return h(
    'section',
    { attrs: { 'aria-label': `Label ${key.key}` } },
    h('h3', { text: key.numeric ? `${key.key} (numeric)` : key.key }),
    h('div', {}, 'Group by: ', groupButton('root', 'at the root'), ' ', groupButton('leaf', 'at the leaf')),
    h('table', {}, h('tbody', {}, ...rows)),
  );
}

/** Reads the labels of the shown samples into the panel. */
async function loadLabels(context: ControlsContext, panel: Popover, act: Act): Promise<void> {
  const options = context.store.get().location.state.options;
  panel.setContent(h('p', { text: 'Reading the labels…' }));
  let labels: LabelsViewModel;
  try {
    labels = (await (await context.api.get('labels', optionsQuery(options))).json()) as LabelsViewModel;
  } catch (error) {
    panel.setContent(h('p', { className: 'error', text: messageOf(error) }));
    return;
  }
  if (labels.keys.length === 0) {
    panel.setContent(
      h('p', { text: 'The shown samples carry no labels (Go sets them with pprof.Do / SetGoroutineLabels).' }),
    );
    return;
  }
  panel.setContent(...labels.keys.map((key) => labelSection(key, options, act)));
  panel.element.querySelector('button')?.focus();
}

/** Shows the Go presets of this profile (read once) for the current options. */
async function loadPresets(context: ControlsContext, panel: Popover, act: Act, cache: { presets?: PresetsViewModel }) {
  const options = context.store.get().location.state.options;
  try {
    cache.presets ??= (await (await context.api.get('presets', '')).json()) as PresetsViewModel;
  } catch (error) {
    panel.setContent(h('p', { className: 'error', text: messageOf(error) }));
    return;
  }
  panel.setContent(
    ...presetItems(cache.presets, options).map(({ id, text, detail, change }) => {
      const button = h('button', { id, text, attrs: { type: 'button', title: detail } });
      button.disabled = change === undefined;
      if (change !== undefined) button.addEventListener('click', () => act(change));
      return h('p', {}, button, h('br'), h('code', { text: detail }));
    }),
  );
  panel.element.querySelector('button')?.focus();
}

/** A header button opening a panel whose content `load` fills. */
function panelButton(
  context: ControlsContext,
  ids: { readonly button: string; readonly panel: PopoverId },
  label: string,
  text: string,
  load: (panel: Popover, act: Act) => Promise<void>,
): HTMLButtonElement {
  const { store } = context;
  const id = ids.panel;
  const button = h('button', {
    id: ids.button,
    text,
    attrs: { type: 'button', 'aria-haspopup': 'dialog', 'aria-expanded': 'false' },
  });
  const panel = makePopover(store, id, label, button);
  const act: Act = (change) => {
    store.update(closeOverlay(id));
    context.navigate(change);
  };
  button.addEventListener('click', () => {
    if (isOpen(store.get(), id)) return store.update(closeOverlay(id));
    store.update(openOverlay({ id }));
    void load(panel, act);
  });
  return button;
}

export function mountRefineControls(context: ControlsContext): HTMLElement {
  const presetCache: { presets?: PresetsViewModel } = {};
  return h(
    'div',
    { className: 'refine-controls' },
    mountRefineButton(context.store),
    h('label', {}, 'Granularity ', mountGranularity(context.store, context.navigate)),
    panelButton(context, { button: 'labels-button', panel: 'label-panel' }, 'Labels', 'Labels ▾', (panel, act) =>
      loadLabels(context, panel, act),
    ),
    panelButton(
      context,
      { button: 'presets-button', panel: 'preset-panel' },
      'Go presets',
      'Go presets ▾',
      (panel, act) => loadPresets(context, panel, act, presetCache),
    ),
  );
}
