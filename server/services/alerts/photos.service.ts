/** Photos of alerts and their subjects: added by the originating agency, served only to those
 * who may see them — never a restricted victim's photo to someone without restricted access. */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../http/apiError.js';
import { Photo, PhotoThumb } from '../../models/Photo.js';
import type { Actor } from '../../policies/actor.js';
import { visibleSubjects } from '../../presenters/alert.presenter.js';
import { recordAudit } from '../audit/audit.service.js';
import { domainEvents } from '../domainEvents.js';
import { mutateAlert } from './alertMutation.js';
import { loadAlertFor } from './alerts.service.js';
import { processPhoto } from './photoProcessing.js';

const presentRef = (r: { id: string; subjectIndex: number | null; mime: string; width: number; height: number; at: Date }) => ({
  id: r.id,
  subjectIndex: r.subjectIndex,
  mime: r.mime,
  width: r.width,
  height: r.height,
  at: r.at.toISOString(),
});

/**
 * Adds a photo. With an Idempotency-Key, a retry by the same user (a phone that lost the answer)
 * gets the photo stored the first time instead of a second copy (`replayed: true`).
 */
export async function addPhoto(actor: Actor, alertId: string, body: unknown, subjectIndex: number | null, idempotencyKey?: string) {
  if (!Buffer.isBuffer(body) || body.length === 0)
    throw new ApiError('unsupported_media_type', 'send the image bytes with an image/* content type');
  const alert = await loadAlertFor(actor, alertId, 'addPhoto');
  const earlier = idempotencyKey ? alert.photos.find((p) => p.idempotencyKey === idempotencyKey && p.addedBy === actor.id) : undefined;
  if (earlier) return { photo: presentRef(earlier), replayed: true };
  if (subjectIndex !== null && !alert.subjects[subjectIndex]) {
    throw new ApiError('validation_failed', 'subject', [{ path: 'subjectIndex', message: 'no such subject' }]);
  }
  const photo = await processPhoto(body);
  const id = randomUUID();
  const now = new Date();
  await Photo.create({ _id: id, alertId, mime: photo.mime, data: photo.data, createdAt: now });
  await PhotoThumb.create({ _id: id, alertId, mime: 'image/jpeg', data: photo.thumbnail, createdAt: now });
  const ref = {
    id,
    subjectIndex,
    mime: photo.mime,
    width: photo.width,
    height: photo.height,
    bytes: photo.data.length,
    addedBy: actor.id,
    at: now,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
  const updated = await mutateAlert(alertId, 'changed', () => ({ $push: { photos: ref } }));
  await recordAudit({
    actor,
    action: 'alert.photo_add',
    targetType: 'alert',
    targetId: alertId,
    details: { photoId: id, subjectIndex, bytes: ref.bytes },
  });
  domainEvents.emit('alert.changed', { alert: updated });
  return { photo: presentRef(ref), replayed: false };
}

/** The photo bytes, if the actor may see the alert and this photo. */
export async function getPhoto(actor: Actor, alertId: string, photoId: string, size: 'full' | 'thumb') {
  const alert = await loadAlertFor(actor, alertId, 'view');
  const ref = alert.photos.find((p) => p.id === photoId);
  const { hiddenSubjectIndexes } = visibleSubjects(alert, actor);
  if (!ref || (ref.subjectIndex !== null && hiddenSubjectIndexes.has(ref.subjectIndex))) throw new ApiError('not_found');
  const doc = await (size === 'thumb' ? PhotoThumb : Photo).findById(photoId).lean();
  if (!doc) throw new ApiError('not_found');
  await recordAudit({ actor, action: 'alert.photo_view', targetType: 'alert', targetId: alertId, details: { photoId, size } });
  // Lean reads return BSON Binary for Buffer fields.
  const raw = doc.data as unknown as Buffer | { buffer: Uint8Array };
  return { mime: doc.mime, data: Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer) };
}
