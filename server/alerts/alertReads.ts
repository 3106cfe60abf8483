/** Reading one alert: from the in-process copy when it can serve, and with access decided. */
import { type AlertDoc } from './Alert.js';
import type { Actor } from '../platform/actor.js';
import { can, isPurged, type AlertAction } from './alert.policy.js';
import { DomainError } from '../platform/errors.js';
import { authorize } from '../platform/authorize.js';
import { distinctObjectIds, isObjectIdHex, op } from '../platform/store/index.js';
import type { Instance } from '../platform/instance.js';

/**
 * One alert. Plain views read the in-process copy once it has loaded, synced with the change log
 * first (so as fresh as the store): on FerretDB a primary-key read scans (docs/store-concurrency.md).
 * The copy decodes a fresh object for each call. Writes read the store.
 */
async function readAlert(instance: Instance, id: string, forView: boolean): Promise<AlertDoc | null> {
  const { Alert } = instance.models.alerts;
  // A change of it still pending here (a slow write that landed after the copy last looked, and
  // may already be announced): the store has it, the copy only at its next look.
  if (forView && (await instance.alertCopy.syncWithin(0, 0)) && !instance.alertCopy.awaitsWrite(id)) return instance.alertCopy.get(id);
  return Alert.findById(id).lean<AlertDoc>();
}

/** One alert to show (no access decided here): from the copy when it can serve, else the store. */
export function readAlertToShow(instance: Instance, id: string): Promise<AlertDoc | null> {
  return isObjectIdHex(id) ? readAlert(instance, id, true) : Promise.resolve(null);
}

/** The actions that change an alert: refused on a purged one (409 alert_purged). */
const WRITES: ReadonlySet<AlertAction> = new Set([
  'edit',
  'changeStatus',
  'addUpdate',
  'acknowledgeHits',
  'hideUpdates',
  'addPhoto',
  'extendRetention',
]);

/** Loads an alert the actor may see for `action`, else 404 (existence is never revealed). A write
 * to an alert whose personal data was purged is 409 alert_purged, whoever asks. */
export async function loadAlertFor(instance: Instance, actor: Actor, id: string, action: AlertAction): Promise<AlertDoc> {
  const alert = isObjectIdHex(id) ? await readAlert(instance, id, action === 'view') : null;
  authorize(!!alert && can(actor, 'view', alert), `alert.${action}`, { hide: true, targetType: 'alert', targetId: id });
  if (WRITES.has(action)) assertNotPurged(alert!);
  if (action !== 'view') authorize(can(actor, action, alert!), `alert.${action}`, { targetType: 'alert', targetId: id });
  return alert!;
}

/** 409 alert_purged when the alert's personal data was purged (retention): nothing is written to it. */
export function assertNotPurged(alert: Pick<AlertDoc, 'retention'>): void {
  if (isPurged(alert)) throw new DomainError('alert_purged');
}

/** The references of the alerts among `ids` that exist, by id, in one store read (ids not an ObjectId are left out). */
export async function alertReferences(instance: Instance, ids: Iterable<unknown>): Promise<Map<string, string>> {
  const { Alert } = instance.models.alerts;
  const wanted = distinctObjectIds(ids);
  if (wanted.length === 0) return new Map();
  const found = await Alert.find({ _id: op({ $in: wanted }) }, { reference: 1 }).lean<Array<{ _id: unknown; reference: string }>>();
  return new Map(found.map((a) => [String(a._id), a.reference]));
}
