// The caller hung up before its answer: the capture is abandoned (fetch aborted, no viewer).

export class CaptureAbandonedError extends Error {
  override readonly name = 'CaptureAbandonedError';
  constructor(url: string) {
    super(`capture profile ${url}: abandoned: the caller disconnected before its answer`);
  }
}
