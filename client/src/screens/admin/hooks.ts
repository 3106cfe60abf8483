/** Hooks the administration and account screens share: one request at a time, and cursor-paged lists. */
import { useEffect, useState } from 'preact/hooks';
import type { Page } from '../../../../shared/dto/alert.js';

/**
 * Runs a form's or button's request: `busy` while it runs, `error` when it failed (the screen
 * shows it and keeps what was typed). `run` resolves true when the request succeeded.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (fn: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

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
