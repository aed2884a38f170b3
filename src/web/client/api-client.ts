// Reads the session's API (relative to the base path, so `/ui/` sessions stay under `/ui/`).
// A failed request becomes an ApiError carrying the server's own message.

import type { GoroutineReportModel } from '../goroutine-view-model.js';
import type {
  DiffBaseListing,
  GraphViewModel,
  PeekViewModel,
  ProfileSummary,
  ReplicaReportModel,
  SavedConfigListing,
  SearchViewModel,
  SourceViewModel,
  TopViewModel,
} from '../view-models.js';
import { decodeFlameGraph, type WireFlameGraph } from '../flame-graph-wire.js';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly key?: string,
    /** The server's JSON error body, for answers that carry more than a message (a graph too large). */
    readonly body?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

export class ApiClient {
  private prefetched: { readonly query: string; readonly graph: Promise<WireFlameGraph> } | undefined;

  constructor(private readonly basePath: string) {}

  /**
   * Starts loading a flame graph before its view exists (while the page is still asking for the
   * profile's summary), so the two requests overlap; the view's own request then takes it over.
   */
  prefetchFlameGraph(query: string): void {
    const graph = this.flameGraph(query);
    // A failure is reported when the view asks for it; until then it must not go unhandled.
    graph.catch(() => undefined);
    this.prefetched = { query, graph };
  }

  async get(path: string, query: string, signal?: AbortSignal): Promise<Response> {
    return this.request(path, query === '' ? '' : `?${query}`, signal === undefined ? {} : { signal });
  }

  /** `path` (with its query) under the session's api/; a failure is an ApiError with the server's message. */
  private async request(path: string, query: string, init: RequestInit, operation = 'load'): Promise<Response> {
    const url = `${this.basePath}api/${path}${query}`;
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, `${operation} ${path}: the viewer's server did not answer (has the session expired?)`);
    }
    if (!response.ok) {
      let message = `${operation} ${path}: HTTP ${response.status}`;
      let key: string | undefined;
      let body: Record<string, unknown> | undefined;
      try {
        body = (await response.json()) as Record<string, unknown>;
        if (typeof body.error === 'string') message = body.error;
        if (typeof body.key === 'string') key = body.key;
      } catch {
        // The body was not our JSON error (a proxy's page, say): the status line says enough.
        message = `${operation} ${path}: HTTP ${response.status} ${response.statusText}`;
      }
      throw new ApiError(response.status, message, key, body);
    }
    return response;
  }

  async profile(): Promise<ProfileSummary> {
    return (await this.get('profile', '')).json() as Promise<ProfileSummary>;
  }

  /** The stored captures this one can be diffed against. */
  async bases(): Promise<DiffBaseListing> {
    return (await this.get('bases', '')).json() as Promise<DiffBaseListing>;
  }

  /** The saved configs of the Config menu (shared with every viewer using the same settings file). */
  async configs(): Promise<SavedConfigListing> {
    return (await this.get('configs', '')).json() as Promise<SavedConfigListing>;
  }

  /** Saves the config `query` under `name` (replacing one of that name); answers the new list. */
  async saveConfig(name: string, query: string): Promise<SavedConfigListing> {
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, query }),
    };
    return (await this.request('configs', '', init, 'save')).json() as Promise<SavedConfigListing>;
  }

  async deleteConfig(name: string): Promise<SavedConfigListing> {
    const response = await this.request(`configs/${encodeURIComponent(name)}`, '', { method: 'DELETE' }, 'delete');
    return response.json() as Promise<SavedConfigListing>;
  }

  async top(query: string, signal?: AbortSignal): Promise<TopViewModel> {
    return (await this.get('top', query, signal)).json() as Promise<TopViewModel>;
  }

  async peek(query: string, signal?: AbortSignal): Promise<PeekViewModel> {
    return (await this.get('peek', query, signal)).json() as Promise<PeekViewModel>;
  }

  async source(query: string, signal?: AbortSignal): Promise<SourceViewModel> {
    return (await this.get('source', query, signal)).json() as Promise<SourceViewModel>;
  }

  async flameGraph(query: string, signal?: AbortSignal): Promise<WireFlameGraph> {
    const prefetched = this.prefetched;
    if (prefetched !== undefined) {
      this.prefetched = undefined;
      if (prefetched.query === query) return prefetched.graph;
    }
    return decodeFlameGraph(await (await this.get('flamegraph', query, signal)).arrayBuffer());
  }

  /** The call graph laid out by the server; a graph too large to lay out in time is a 422 ApiError. */
  async graph(query: string, signal?: AbortSignal): Promise<GraphViewModel> {
    return (await this.get('graph', query, signal)).json() as Promise<GraphViewModel>;
  }

  /** The Goroutines view's groups (`base` in the query compares with that capture's dump). */
  async goroutines(query: string, signal?: AbortSignal): Promise<GoroutineReportModel> {
    return (await this.get('goroutines', query, signal)).json() as Promise<GoroutineReportModel>;
  }

  /** A replica session's ranking (the Replicas view); a 404 in a session of one capture. */
  async replicas(query: string, signal?: AbortSignal): Promise<ReplicaReportModel> {
    return (await this.get('replicas', query, signal)).json() as Promise<ReplicaReportModel>;
  }

  async search(query: string, signal?: AbortSignal): Promise<SearchViewModel> {
    return (await this.get('search', query, signal)).json() as Promise<SearchViewModel>;
  }
}
