/** What follows a change to an alert: the matches it adds and the watch hits it makes are announced. */
import type { AlertDoc } from '../../models/Alert.js';
import { allSucceeded, emitAndWait } from '../domainEvents.js';
import { checkWatches, type WatchContext } from '../watches/watches.service.js';
import type { FieldClass } from './indexKeys.js';
import { findMatches } from './matches.service.js';
import { recordCrossBorderMatches } from '../inbox/matchItems.js';

/** Resolves once every announcement has been made; rejects if any failed (all are attempted).
 * `seq`: the log position of the change announced (see `alert.matched`). */
export async function announceChange(
  alert: AlertDoc,
  index: { keys: Map<string, FieldClass>; added: string[] },
  watches: WatchContext,
  seq: number,
): Promise<void> {
  const matches = index.added.length ? findMatches(alert, index.added, index.keys) : [];
  await allSucceeded([
    // Stored before announced: a repeated announcement finds the items already there.
    ...(matches.length ? [recordCrossBorderMatches(alert, matches).then(() => emitAndWait('alert.matched', { alert, matches, seq }))] : []),
    checkWatches(alert, index.keys, watches, seq),
  ]);
}
