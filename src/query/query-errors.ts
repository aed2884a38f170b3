// Typed errors of the query layer; messages are shaped `<operation> <object>: <reason>`.

/** A query that cannot be answered for this profile (unknown sample type, incompatible merge, ...). */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  constructor(operation: string, object: string, reason: string, options?: { cause?: unknown }) {
    super(`${operation} ${object}: ${reason}`, options);
  }
}
