// The header's refine controls: the Refine menu (pprof's, acting on the selected functions or on
// the search regexp), the granularity, the labels (tag focus / tag ignore on a value, group by a
// key with tagroot/tagleaf) and the Go presets (hide runtime and GC frames, only the main
// module's frames).

import { GRANULARITIES, type Granularity } from '../../../query/index.js';
import type { LabelsViewModel, PresetsViewModel } from '../../view-models.js';
import type { ApiClient } from '../api-client.js';
import { h } from '../dom.js';
import { optionsQuery, type ViewState } from '../url-state.js';
import { messageOf, type StateChange } from '../views/view.js';
import { applyPreset, applyTagRefine, toggleLabelGroup } from './apply-refine.js';
import { openRefineMenu, type RefineTarget } from './refine-menu.js';
import { onRefineSelectionChange, refineSelection } from './refine-selection.js';

export interface RefineControls {
  readonly element: HTMLElement;
  update(state: ViewState): void;
}

interface ControlsContext {
  readonly api: ApiClient;
  navigate(change: StateChange): void;
}

const GRANULARITY_LABELS: Readonly<Record<Granularity, string>> = {
  functions: 'Functions',
  filefunctions: 'File:function',
  files: 'Files',
  lines: 'Lines',
  addresses: 'Addresses',
};

/** A popover opened below a header button: closes on Escape, on a click outside and on navigation. */
class Popover {
  readonly element: HTMLElement;

  constructor(
    id: string,
    label: string,
    private readonly button: HTMLButtonElement,
  ) {
    this.element = h('div', { id, className: 'label-panel', attrs: { role: 'dialog', 'aria-label': label } });
    this.element.hidden = true;
    document.body.append(this.element);
    this.element.addEventListener('keydown', (event) => {
      // Keys in the panel are the panel's, not the page's shortcuts.
      event.stopPropagation();
      if (event.key !== 'Escape') return;
      event.preventDefault();
      this.close();
      this.button.focus();
    });
    document.addEventListener('mousedown', (event) => {
      const target = event.target as Node;
      if (!this.element.hidden && !this.element.contains(target) && !this.button.contains(target)) this.close();
    });
    window.addEventListener('popstate', () => this.close());
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  open(...content: HTMLElement[]): void {
    this.element.replaceChildren(...content);
    this.element.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    const box = this.button.getBoundingClientRect();
    const left = Math.max(0, Math.min(box.left, window.innerWidth - this.element.offsetWidth - 4));
    this.element.style.left = `${left + window.scrollX}px`;
    this.element.style.top = `${box.bottom + 2 + window.scrollY}px`;
  }

  close(): void {
    this.element.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
  }
}

export function mountRefineControls(context: ControlsContext): RefineControls {
  let state: ViewState | undefined;

  const refineButton = h('button', {
    id: 'refine-button',
    text: 'Refine ▾',
    attrs: { type: 'button', 'aria-haspopup': 'menu' },
  });
  const targetOf = (): RefineTarget | undefined => {
    const names = refineSelection();
    if (names.length > 0) return { names };
    if (state !== undefined && state.search !== '') return { regexp: state.search };
    return undefined;
  };
  const updateRefineButton = () => {
    const target = targetOf();
    refineButton.disabled = target === undefined;
    refineButton.title =
      target === undefined
        ? 'Select functions (Top rows, a flame graph frame) or type a search to refine on them'
        : 'Focus, ignore, hide, show… the selected functions (or the search)';
  };
  onRefineSelectionChange(updateRefineButton);
  refineButton.addEventListener('click', () => {
    const target = targetOf();
    if (target !== undefined) openRefineMenu({ target, at: refineButton });
  });

  const granularity = h('select', { id: 'granularity', attrs: { 'aria-label': 'Granularity' } });
  for (const g of GRANULARITIES) {
    const option = h('option', { text: GRANULARITY_LABELS[g] });
    option.value = g;
    granularity.append(option);
  }
  granularity.addEventListener('change', () =>
    context.navigate({ options: { granularity: granularity.value as Granularity }, zoom: '' }),
  );

  const labelsButton = h('button', {
    id: 'labels-button',
    text: 'Labels ▾',
    attrs: { type: 'button', 'aria-haspopup': 'dialog', 'aria-expanded': 'false' },
  });
  const labelPanel = new Popover('label-panel', 'Labels', labelsButton);
  labelsButton.addEventListener('click', () => {
    if (labelPanel.isOpen) labelPanel.close();
    else void openLabels();
  });

  const presetsButton = h('button', {
    id: 'presets-button',
    text: 'Go presets ▾',
    attrs: { type: 'button', 'aria-haspopup': 'dialog', 'aria-expanded': 'false' },
  });
  const presetPanel = new Popover('preset-panel', 'Go presets', presetsButton);
  presetsButton.addEventListener('click', () => {
    if (presetPanel.isOpen) presetPanel.close();
    else void openPresets();
  });

  const act = (change: StateChange, panel: Popover) => {
    panel.close();
    context.navigate(change);
  };

  async function openLabels(): Promise<void> {
    if (state === undefined) return;
    const current = state;
    labelPanel.open(h('p', { text: 'Reading the labels…' }));
    let labels: LabelsViewModel;
    try {
      labels = (await (await context.api.get('labels', optionsQuery(current.options))).json()) as LabelsViewModel;
    } catch (error) {
      labelPanel.open(h('p', { className: 'error', text: messageOf(error) }));
      return;
    }
    if (labels.keys.length === 0) {
      labelPanel.open(
        h('p', { text: 'The shown samples carry no labels (Go sets them with pprof.Do / SetGoroutineLabels).' }),
      );
      return;
    }
    const options = current.options;
    const sections = labels.keys.map((key) => {
      const grouped = (where: 'root' | 'leaf') =>
        options[where === 'root' ? 'tagRoot' : 'tagLeaf'].split(',').includes(key.key);
      const groupButton = (where: 'root' | 'leaf', text: string) => {
        const button = h('button', {
          text,
          attrs: { type: 'button', 'aria-pressed': String(grouped(where)), 'data-group': `${where}:${key.key}` },
        });
        button.addEventListener('click', () =>
          act({ options: toggleLabelGroup(options, where, key.key), zoom: '' }, labelPanel),
        );
        return button;
      };
      const rows = key.values.map((value) => {
        const cells: (HTMLElement | string)[] = [];
        if (!key.numeric) {
          for (const [action, text] of [
            ['tag-focus', 'Focus'],
            ['tag-ignore', 'Ignore'],
          ] as const) {
            const button = h('button', {
              text,
              attrs: { type: 'button', 'aria-label': `${text} ${key.key}=${value.name}`, 'data-tag-action': action },
            });
            button.addEventListener('click', () =>
              act({ options: applyTagRefine(options, action, key.key, value.name), zoom: '' }, labelPanel),
            );
            cells.push(button);
          }
        }
        return h(
          'tr',
          { attrs: { 'data-key': key.key, 'data-value': value.name } },
          h('td', { className: 'label-value', text: value.name }),
          h('td', { className: 'numeric label-weight', text: value.valueText }),
          h('td', { className: 'numeric label-percent', text: value.percent }),
          h('td', {}, ...cells),
        );
      });
      return h(
        'section',
        { attrs: { 'aria-label': `Label ${key.key}` } },
        h('h3', { text: key.numeric ? `${key.key} (numeric)` : key.key }),
        h('div', {}, 'Group by: ', groupButton('root', 'at the root'), ' ', groupButton('leaf', 'at the leaf')),
        h('table', {}, h('tbody', {}, ...rows)),
      );
    });
    labelPanel.open(...sections);
    labelPanel.element.querySelector('button')?.focus();
  }

  let presets: PresetsViewModel | undefined;
  async function openPresets(): Promise<void> {
    if (state === undefined) return;
    const options = state.options;
    try {
      presets ??= (await (await context.api.get('presets', '')).json()) as PresetsViewModel;
    } catch (error) {
      presetPanel.open(h('p', { className: 'error', text: messageOf(error) }));
      return;
    }
    const item = (id: string, text: string, detail: string, change: StateChange | undefined) => {
      const button = h('button', { id, text, attrs: { type: 'button', title: detail } });
      button.disabled = change === undefined;
      if (change !== undefined) button.addEventListener('click', () => act(change, presetPanel));
      return h('p', {}, button, h('br'), h('code', { text: detail }));
    };
    const module = presets.modulePath === '' ? 'package main' : `package main and module ${presets.modulePath}`;
    presetPanel.open(
      item('preset-hide-runtime', 'Hide runtime and GC frames', `hide ${presets.hideRuntime}`, {
        options: applyPreset(options, 'hide-runtime', presets.hideRuntime),
      }),
      item(
        'preset-main-module',
        `Only the main module's frames (${module})`,
        presets.mainModule === '' ? 'no main package in this profile' : `show ${presets.mainModule}`,
        presets.mainModule === '' ? undefined : { options: applyPreset(options, 'main-module', presets.mainModule) },
      ),
    );
    presetPanel.element.querySelector('button')?.focus();
  }

  const element = h(
    'div',
    { className: 'refine-controls' },
    refineButton,
    h('label', {}, 'Granularity ', granularity),
    labelsButton,
    presetsButton,
  );
  return {
    element,
    update(next) {
      state = next;
      granularity.value = next.options.granularity;
      updateRefineButton();
      labelPanel.close();
      presetPanel.close();
    },
  };
}
