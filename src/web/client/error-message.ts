// The text a view or a menu shows for a failure: the error's message, or the thrown value itself.

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
