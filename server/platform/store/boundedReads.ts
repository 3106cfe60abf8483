/** Many store reads, a few at a time: the driver's pool is shared by every request of the process. */

/** Runs `read` over `items` with at most `width` in flight; results in the order of `items`. */
export async function mapBounded<T, R>(items: readonly T[], width: number, read: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await read(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}
