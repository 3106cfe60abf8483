/** What follows an alert's (re)indexing: new matches and watch hits are announced. */
import type { AlertDoc } from '../../models/Alert.js';
import { domainEvents } from '../domainEvents.js';
import { checkWatches } from '../watches/watches.service.js';
import type { FieldClass } from './indexKeys.js';
import { findMatches } from './matches.service.js';

export async function afterIndexing(alert: AlertDoc, index: { keys: Map<string, FieldClass>; added: string[] }): Promise<void> {
  if (index.added.length) {
    const matches = await findMatches(String(alert._id), index.added);
    if (matches.length) domainEvents.emit('alert.matched', { alert, matches });
  }
  await checkWatches(alert, index.keys);
}
