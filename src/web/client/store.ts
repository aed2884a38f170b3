// The client's one store: a value replaced by pure update functions, and the listeners that
// render from it. Every part of the page subscribes explicitly and unsubscribes when it goes, so
// nothing is shared through module variables or window events.

export type Update<S> = (state: S) => S;
export type Listener<S> = (state: S, previous: S) => void;

export interface Store<S> {
  /** The state now. */
  get(): S;
  /**
   * Replaces the state with `update(state)`. Listeners hear of it (synchronously, in the order
   * they subscribed) only when the update returns a new object: an update that changes nothing
   * returns its argument.
   */
  update(update: Update<S>): void;
  /** Calls `listener` after every change; returns the function that stops it. */
  subscribe(listener: Listener<S>): () => void;
}

export function createStore<S>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<Listener<S>>();
  return {
    get: () => state,
    update(update) {
      const previous = state;
      const next = update(previous);
      if (next === previous) return;
      state = next;
      // A listener may unsubscribe others (a view torn down by a route change): they are skipped.
      // One subscribed during this round hears of the next change, having read this state itself.
      for (const listener of [...listeners]) {
        if (listeners.has(listener)) listener(state, previous);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Calls `listener` with a part of the state (`select`) whenever it changes (compared with ===),
 * and at once with the current part; returns the function that stops it.
 */
export function watch<S, T>(store: Store<S>, select: (state: S) => T, listener: (value: T) => void): () => void {
  let value = select(store.get());
  listener(value);
  return store.subscribe((state) => {
    const next = select(state);
    if (next === value) return;
    value = next;
    listener(next);
  });
}

/** Stops many subscriptions at once (a view's teardown). */
export function stopAll(stops: readonly (() => unknown)[]): void {
  for (const stop of stops) stop();
}
