/** The store refused an insert (or a unique-index write) because the key is taken: MongoDB's and
 * FerretDB's error code 11000. The one check every "first insert wins" path uses. */
export function isDuplicateKeyError(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 11000;
}
