/** One request at a time for a form or a button, shared by every area's screens. */
import { useState } from 'preact/hooks';

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
