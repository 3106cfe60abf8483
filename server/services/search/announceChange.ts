/** What follows a change to an alert: the matches it adds and the watch hits it makes are announced. */
import type { AlertDoc } from '../../models/Alert.js';
import { domainEvents } from '../domainEvents.js';
import { checkWatches, type WatchContext } from '../watches/watches.service.js';
import type { FieldClass } from './indexKeys.js';
import { findMatches } from './matches.service.js';

export function announceChange(alert: AlertDoc, index: { keys: Map<string, FieldClass>; added: string[] }, watches: WatchContext): void {
  if (index.added.length) {
    const matches = findMatches(alert, index.added, index.keys);
    if (matches.length) domainEvents.emit('alert.matched', { alert, matches });
  }
  checkWatches(alert, index.keys, watches);
}
