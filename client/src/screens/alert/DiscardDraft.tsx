/**
 * "Descartar borrador", at the top of the form, away from "Enviar": it asks first, in words, and
 * only the confirmation deletes the draft.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { translator } from '../../i18n/index.js';

const t = translator(dict);

export function DiscardDraft({ onDiscard }: { onDiscard: () => void }) {
  const [asking, setAsking] = useState(false);
  const question = useRef<HTMLParagraphElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    // Focus follows the question, and returns to the button when the officer keeps the draft.
    if (asking) question.current?.focus();
    else if (asked.current) opener.current?.focus();
    asked.current ||= asking;
  }, [asking]);
  if (!asking) {
    return (
      <p class="draft-line">
        <span class="muted">{t('draftSaved')}</span>{' '}
        <button type="button" class="link-button" ref={opener} onClick={() => setAsking(true)}>
          {t('discardDraft')}
        </button>
      </p>
    );
  }
  return (
    <div class="confirm-discard" role="group" aria-labelledby="discard-question">
      <p id="discard-question" ref={question} tabIndex={-1}>
        {t('discardAsk')}
      </p>
      <div class="actions">
        <button
          type="button"
          class="danger"
          onClick={() => {
            setAsking(false);
            onDiscard();
          }}
        >
          {t('discardConfirm')}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          {t('discardKeep')}
        </button>
      </div>
    </div>
  );
}
