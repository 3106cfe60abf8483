/** Cursor-paged lists for the administration and account screens. */
import { useEffect, useState } from 'preact/hooks';
import type { Page } from '../../../../shared/dto/alert.js';
import { useAction } from '../../ui/useAction.js';

/** A list read page by page with the API's cursor, read again from the start whenever `key` changes. */
export function usePaged<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>, key: string | number) {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const load = (cursor: string | null) =>
    run(async () => {
      const page = await fetchPage(cursor);
      setItems((prev) => (cursor && prev ? [...prev, ...page.items] : page.items));
      setNext(page.nextCursor);
    });
  useEffect(() => {
    setItems(null);
    void load(null);
  }, [key]);
  return { items, setItems, next, busy, error, reload: () => load(null), more: () => load(next) };
}
