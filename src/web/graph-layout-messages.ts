// The messages between the server and its graph layout worker (graph-layout-worker.ts).

export interface LayoutRequest {
  readonly id: number;
  readonly dot: string;
}

export type LayoutReply =
  | { readonly ready: true }
  | { readonly id: number; readonly svg: string }
  | { readonly id: number; readonly error: string };
