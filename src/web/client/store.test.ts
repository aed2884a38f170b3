import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStore, stopAll, watch } from './store.js';

interface Counts {
  readonly a: number;
  readonly b: number;
}

describe('the client store', () => {
  it('tells its listeners of each change, in the order they subscribed, with the state before', () => {
    const store = createStore<Counts>({ a: 0, b: 0 });
    const heard: string[] = [];
    store.subscribe((state, previous) => heard.push(`first ${previous.a}->${state.a}`));
    store.subscribe((state, previous) => heard.push(`second ${previous.a}->${state.a}`));
    store.update((state) => ({ ...state, a: 1 }));
    assert.deepEqual(heard, ['first 0->1', 'second 0->1']);
    assert.deepEqual(store.get(), { a: 1, b: 0 });
  });

  it('tells nobody of an update that returns the state it was given', () => {
    const initial = { a: 0, b: 0 };
    const store = createStore<Counts>(initial);
    let calls = 0;
    store.subscribe(() => calls++);
    store.update((state) => state);
    assert.equal(calls, 0);
    assert.equal(store.get(), initial);
  });

  it('skips a listener another one unsubscribed, and tells a new one from the next change on', () => {
    const store = createStore<Counts>({ a: 0, b: 0 });
    const heard: string[] = [];
    let stopSecond: () => unknown = () => undefined;
    store.subscribe((state) => {
      heard.push(`first ${state.a}`);
      stopSecond();
      if (state.a === 1) store.subscribe((later) => heard.push(`late ${later.a}`));
    });
    stopSecond = store.subscribe((state) => heard.push(`second ${state.a}`));
    store.update((state) => ({ ...state, a: 1 }));
    store.update((state) => ({ ...state, a: 2 }));
    assert.deepEqual(heard, ['first 1', 'first 2', 'late 2']);
  });

  it('watches one part: at once, then only when that part changes, until stopped', () => {
    const store = createStore<Counts>({ a: 0, b: 0 });
    const seen: number[] = [];
    const stop = watch(
      store,
      (state) => state.a,
      (a) => seen.push(a),
    );
    store.update((state) => ({ ...state, b: 5 }));
    store.update((state) => ({ ...state, a: 3 }));
    stopAll([stop]);
    store.update((state) => ({ ...state, a: 4 }));
    assert.deepEqual(seen, [0, 3]);
  });

  it('keeps the state an update inside a listener makes, for the listeners after it', () => {
    const store = createStore<Counts>({ a: 0, b: 0 });
    store.subscribe((state) => {
      if (state.a === 1 && state.b === 0) store.update((s) => ({ ...s, b: 1 }));
    });
    const seen: Counts[] = [];
    watch(
      store,
      (state) => state,
      (state) => seen.push(state),
    );
    store.update((state) => ({ ...state, a: 1 }));
    assert.deepEqual(seen, [
      { a: 0, b: 0 },
      { a: 1, b: 1 },
    ]);
    assert.deepEqual(store.get(), { a: 1, b: 1 });
  });
});
