/** What follows a change to an alert: the matches it adds and the watch hits it makes are announced. */
import { isPurged, type AlertDoc, type FieldClass } from '../alerts/index.js';
import { allSucceeded } from '../platform/domainEvents.js';
import { checkWatches, type WatchContext } from './watches/watches.service.js';
import { findMatches } from './matches.service.js';
import type { Instance } from '../platform/instance.js';

/** Resolves once every announcement has been made; rejects if any failed (all are attempted).
 * `seq`: the log position of the change announced (see `alert.matched`). */
export async function announceChange(
  instance: Instance,
  alert: AlertDoc,
  index: { keys: Map<string, FieldClass>; added: string[] },
  watches: WatchContext,
  seq: number,
): Promise<void> {
  // A purged alert (retention) carries no identifiers: it links to nothing, and its purge is no
  // news to a watch on its kind or crossing.
  if (isPurged(alert)) return;
  const matches = index.added.length ? findMatches(instance, alert, index.added, index.keys) : [];
  await allSucceeded([
    // Stored before announced: a repeated announcement finds the items already there.
    ...(matches.length
      ? [
          instance.events
            .noteInboxCause({ kind: 'cross_border_matches', alert, matches })
            .then(() => instance.events.emitAndWait('alert.matched', { alert, matches, seq })),
        ]
      : []),
    checkWatches(instance, alert, index.keys, watches, seq),
  ]);
}
