// The view routes a viewer serves its page on, shared by the server (viewer-routes.ts) and the
// browser client (client/url-state.ts), so both know the same views.

/** Views the client knows, by route; `/` shows the flame graph as today's pprof does. */
export const VIEW_ROUTES = [
  '',
  'flamegraph',
  'top',
  'graph',
  'peek',
  'source',
  'sandwich',
  'replicas',
  'goroutines',
] as const;
