/**
 * "Compartir enlace" (issue 25): a bridge to the chat groups that carries no data. The link is the
 * alert's route in Puente and nothing else (no title, no reference, no text): whoever opens it
 * must sign in, and then sees only what Puente lets them see. Web Share API where the browser has
 * it; else the clipboard; else the link shown to copy by hand.
 */
import { useState } from 'preact/hooks';
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { translator } from '../../i18n/index.js';

const t = translator(dict);

/** The shared address: this Puente's origin and the alert's route, nothing more. */
export const alertLink = (origin: string, alertId: string): string => `${origin}/alerts/${encodeURIComponent(alertId)}`;

type Shared = 'idle' | 'copied' | 'manual';

export function ShareLink({ alertId }: { alertId: string }) {
  const [state, setState] = useState<Shared>('idle');
  const url = alertLink(location.origin, alertId);
  const share = async () => {
    if (typeof navigator.share === 'function') {
      try {
        // The title is the app's words, not the alert's: a chat preview shows nothing of the case.
        await navigator.share({ title: t('shareTitle'), url });
        return;
      } catch (err) {
        // The officer closed the share sheet: nothing to do. Any other failure falls back to copying.
        if (err instanceof DOMException && err.name === 'AbortError') return;
      }
    }
    try {
      await navigator.clipboard.writeText(url);
      setState('copied');
    } catch {
      setState('manual');
    }
  };
  return (
    <div class="share-link">
      <button type="button" onClick={() => void share()}>
        {t('shareLink')}
      </button>
      {state === 'copied' ? (
        <p class="muted" role="status">
          {t('shareCopied')}
        </p>
      ) : null}
      {state === 'manual' ? (
        <div class="field">
          <label for="share-url">{t('shareManual')}</label>
          <input id="share-url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : null}
    </div>
  );
}
