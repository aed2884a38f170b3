// The functions the user has picked for a refine action (Top rows, the zoomed flame graph frame):
// what the header's Refine menu applies to, as pprof's Refine menu applies to its selection.

type Listener = (names: readonly string[]) => void;

let selected: readonly string[] = [];
const listeners = new Set<Listener>();

export function setRefineSelection(names: readonly string[]): void {
  if (names.length === selected.length && names.every((name, i) => name === selected[i])) return;
  selected = [...names];
  for (const listener of listeners) listener(selected);
}

export function refineSelection(): readonly string[] {
  return selected;
}

/** Calls `listener` on every change; returns the function that stops it. */
export function onRefineSelectionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
