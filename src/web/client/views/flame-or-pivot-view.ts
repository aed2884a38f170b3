// The flame graph route: the plain flame graph without `p`, the pivot (pivot-pair.ts) with it;
// a change of `p` between none and some swaps one for the other.

import { stopAll, watch } from '../store.js';
import { mountFlameGraphView } from './flame-graph-view.js';
import { PivotPair } from './pivot-pair.js';
import type { View, ViewContext, ViewFactory } from './view.js';

function mountPivotView(container: HTMLElement, context: ViewContext): View {
  const pair = new PivotPair(context, 'zoom');
  container.replaceChildren(pair.element);
  const stop = watch(
    context.store,
    (s) => s.location.state,
    (url) => pair.update(url),
  );
  return {
    destroy: () => {
      stop();
      pair.destroy();
      container.replaceChildren();
    },
  };
}

export const mountFlameOrPivotView: ViewFactory = (container, context) => {
  let pivoted: boolean | undefined;
  let view: View | undefined;
  const stop = watch(
    context.store,
    (s) => s.location.state.options.pivot !== '',
    (wantPivot) => {
      if (wantPivot === pivoted) return;
      view?.destroy();
      pivoted = wantPivot;
      view = (wantPivot ? mountPivotView : mountFlameGraphView)(container, context);
    },
  );
  return {
    destroy: () => {
      stopAll([stop]);
      view?.destroy();
    },
  };
};
