/**
 * Keeps the device's feed copy (offlineCopies.ts) in step with the feed while the session is
 * confirmed: after each change (every change comes from the server: a page, a live event, a
 * catch-up), when the live connection has caught up, and when it drops — the last moment the
 * feed was known to be current — once this page has listed the feed's first page. Its time is what "Sin conexión — datos de las 14:32" shows.
 */
import { connection, type ConnectionState } from '../state/connection.js';
import { feedItems, feedListed, feedSyncedAt } from '../state/feed.js';
import { offlineSession } from '../state/offline.js';
import { currentUser } from '../state/session.js';
import { saveFeedCopy } from './offlineCopies.js';

/** Changes arriving together (a page, a catch-up) are written once. */
const WRITE_DELAY_MS = 300;

/** Starts keeping `owner`'s feed copy; returns the function that stops it. */
export function keepFeedCopy(owner: string): () => void {
  let timer: number | undefined;
  const write = () => {
    window.clearTimeout(timer);
    // Never for a session that ended or was not confirmed (the copy would claim a sync that did not
    // happen), nor before this page listed the feed (a boot on another screen holds only a catch-up).
    if (currentUser.value?.id !== owner || offlineSession.value || !feedListed.value) return;
    const at = new Date().toISOString();
    feedSyncedAt.value = at;
    void saveFeedCopy(owner, feedItems.value, at).catch(() => undefined);
  };
  const later = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(write, WRITE_DELAY_MS);
  };
  // Signals call a subscriber at once with the current value: that is no change, nothing is written.
  let first = true;
  const stopFeed = feedItems.subscribe(() => {
    if (first) first = false;
    else later();
  });
  let was: ConnectionState = connection.value;
  const stopConnection = connection.subscribe((now) => {
    if (now !== was && (now === 'online' || was === 'online')) write();
    was = now;
  });
  return () => {
    window.clearTimeout(timer);
    stopFeed();
    stopConnection();
  };
}
