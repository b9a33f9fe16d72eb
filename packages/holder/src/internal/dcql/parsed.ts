/** Queries that came out of `parseDcqlQuery`: already valid and frozen, so they need no second check. */
const parsed = new WeakSet<object>();

/** Remember a query object as validated. */
export function markParsed<T extends object>(query: T): T {
  parsed.add(query);
  return query;
}

/** True when `query` is an object `parseDcqlQuery` returned. */
export function isParsed(query: unknown): boolean {
  return typeof query === 'object' && query !== null && parsed.has(query);
}
