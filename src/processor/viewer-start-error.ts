// The viewer for a stored capture could not be started (e.g. the advertised address is not local).

export class ViewerStartError extends Error {
  override readonly name = 'ViewerStartError';
  constructor(host: string, file: string, options: { cause: unknown }) {
    super(`start viewer on ${host} for ${file}: ${(options.cause as Error).message} (the profile is stored)`, options);
  }
}
