// The reason part of a store error from a file system error: Node's message without its
// `ENOENT: ` prefix, with the code kept at the end when the message does not carry it.

export function fsReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = (error as Error).message.replace(/^[A-Z]+: /, '');
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
