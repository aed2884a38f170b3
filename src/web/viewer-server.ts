// Serves one capture's viewer on a port of its own. (First cut: the raw download and a page
// naming the capture; the views are built out in the viewer issue.)

import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Profile } from '../pprof/index.js';

/** What a viewer shows: one decoded capture and its raw bytes. */
export interface ViewerCapture {
  readonly profile: Profile;
  /** The bytes exactly as fetched (what `/download` serves). */
  readonly rawBytes: Uint8Array;
  /** The stored file's path relative to the data root, e.g. `profilers/go/pprof/.../default.x.Heap.prof`. */
  readonly file: string;
  /** The profile type as requested, canonical spelling (`Heap`, `Profile`, ...). */
  readonly type: string;
  readonly source: string;
  readonly capturedAt: Date;
  /**
   * The data root the capture is stored under (set by the processor): store's `listCaptures(dataRoot)`
   * lists every capture, this one's sidecar included (match on `file`), to pick a diff base.
   */
  readonly dataRoot?: string;
}

export interface ViewerServerOptions {
  readonly capture: ViewerCapture;
  /** Address to bind; the port is always chosen by the OS (port 0) and read back. */
  readonly host: string;
}

export interface ViewerServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Builds the viewer's routes without listening, so tests can `inject()` requests. */
export function buildViewerApp(capture: ViewerCapture): FastifyInstance {
  // At expiry every connection goes, busy ones too: an open socket would keep the profile in memory.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const downloadName = capture.file.split('/').pop() ?? 'profile.pb.gz';
  const sendDownload = async (_request: unknown, reply: FastifyReply) =>
    reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${downloadName}"`)
      .send(Buffer.from(capture.rawBytes.buffer, capture.rawBytes.byteOffset, capture.rawBytes.byteLength));
  app.get('/download', sendDownload);
  app.get('/ui/download', sendDownload);
  return app;
}

export async function startViewerServer(options: ViewerServerOptions): Promise<ViewerServer> {
  const app = buildViewerApp(options.capture);
  await app.listen({ host: options.host, port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string')
    throw new Error(`start viewer: no TCP address for ${options.host}`);
  return { port: address.port, close: () => app.close() };
}
