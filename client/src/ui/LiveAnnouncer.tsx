/**
 * The one polite live region for new alerts, and an assertive one used only for urgent alerts.
 * Each live arrival also plays the (muteable) sound.
 */
import { useEffect, useState } from 'preact/hooks';
import { feed } from '../../../shared/i18n/client/feed.js';
import { translator } from '../i18n/index.js';
import { lastArrival } from '../state/feed.js';
import { playAlertSound } from './sound.js';

const t = translator(feed);

export function LiveAnnouncer() {
  const arrival = lastArrival.value;
  const [polite, setPolite] = useState('');
  const [assertive, setAssertive] = useState('');
  useEffect(() => {
    if (!arrival) return;
    const urgent = arrival.alert.priority === 'urgent';
    const text = t(urgent ? 'announceUrgent' : 'announceNew', { reference: arrival.alert.reference, title: arrival.alert.title });
    if (urgent) setAssertive(text);
    else setPolite(text);
    playAlertSound(urgent);
  }, [arrival?.seq]);
  return (
    <>
      <div class="visually-hidden" aria-live="polite" aria-atomic="true" id="live-polite">
        {polite}
      </div>
      <div class="visually-hidden" aria-live="assertive" aria-atomic="true" id="live-assertive">
        {assertive}
      </div>
    </>
  );
}
