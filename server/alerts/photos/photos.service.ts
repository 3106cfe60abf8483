/** Photos of alerts and their subjects: added by the originating agency, served only to those
 * who may see them — never a restricted victim's photo to someone without restricted access. */
import { randomUUID } from 'node:crypto';
import { ALERT_LIMITS } from '../../../shared/schemas/alerts.js';
import { DomainError } from '../../platform/errors.js';
import { type PhotoDoc } from './Photo.js';
import type { Actor } from '../../platform/actor.js';
import { type AlertDoc, type AlertPhotoRef } from '../Alert.js';
import type { PhotoUploadQuery } from '../../../shared/schemas/alerts.js';
import { presentPhoto } from '../alert.presenter.js';
import { canSeePhoto } from './photo.policy.js';
import { canSeeAlert, type Viewer } from '../alert.policy.js';
import { subjectIdOf } from '../subjectLinks.js';
import { recordAudit } from '../../platform/auditTrail/auditTrail.js';

import { mutateAlert } from '../alertMutation.js';
import { loadAlertFor } from '../alertReads.js';
import { deletePhotoFiles } from './photoFiles.js';
import { processPhoto } from './photoProcessing.js';
import type { Instance } from '../../platform/instance.js';

/**
 * Whom a photo shows: a subject by its stable id, or by its position now (resolved to the id);
 * without a subject, `shows` says whether it shows a person at all (unsaid: a person).
 */
export type PhotoSubject = PhotoUploadQuery;

function resolveSubject(alert: AlertDoc, which: PhotoSubject): string | null {
  if (which.subjectId !== undefined) {
    if (alert.subjects.some((s, i) => subjectIdOf(s, i) === which.subjectId)) return which.subjectId;
    throw new DomainError('validation_failed', 'subject', [{ path: 'subjectId', message: 'no such subject' }]);
  }
  if (which.subjectIndex === undefined) return null;
  const subject = alert.subjects[which.subjectIndex];
  if (!subject) throw new DomainError('validation_failed', 'subject', [{ path: 'subjectIndex', message: 'no such subject' }]);
  return subjectIdOf(subject, which.subjectIndex);
}

/** An alert holds at most ALERT_LIMITS.photosPerAlert photos (issue #23 F6): 409 alert_photos_full. */
function assertRoomForPhoto(alert: Pick<AlertDoc, 'photos'>): void {
  if (alert.photos.length >= ALERT_LIMITS.photosPerAlert)
    throw new DomainError('alert_photos_full', 'the alert holds as many photos as it may', [
      { path: '(body)', message: `at most ${ALERT_LIMITS.photosPerAlert} photos per alert` },
    ]);
}

/** The photo files' writes, a seam so tests can fail one (as a store error between the two). */
export const photoFileWrites = {
  insertFull: async (instance: Instance, doc: PhotoDoc): Promise<void> => {
    const { Photo } = instance.models.alerts;
    await Photo.create(doc);
  },
  insertThumb: async (instance: Instance, doc: PhotoDoc): Promise<void> => {
    const { PhotoThumb } = instance.models.alerts;
    await PhotoThumb.create(doc);
  },
};

/** The user's earlier photo under this Idempotency-Key on the alert, if any. */
function earlierUpload(alert: Pick<AlertDoc, 'photos'>, actor: Actor, idempotencyKey: string | undefined): AlertPhotoRef | undefined {
  return idempotencyKey ? alert.photos.find((p) => p.idempotencyKey === idempotencyKey && p.addedBy === actor.id) : undefined;
}

/**
 * Adds a photo. With an Idempotency-Key, a retry by the same user (a phone that lost the answer)
 * gets the photo stored the first time instead of a second copy (`replayed: true`), also when the
 * retry runs alongside the first try: the key is checked again under the alert's lock.
 */
export async function addPhoto(
  instance: Instance,
  actor: Actor,
  alertId: string,
  body: unknown,
  which: PhotoSubject,
  idempotencyKey?: string,
) {
  if (!Buffer.isBuffer(body) || body.length === 0)
    throw new DomainError('unsupported_media_type', 'send the image bytes with an image/* content type');
  const alert = await loadAlertFor(instance, actor, alertId, 'addPhoto');
  const subjectId = resolveSubject(alert, which);
  const earlier = earlierUpload(alert, actor, idempotencyKey);
  if (earlier) return { photo: presentPhoto(alert, earlier), replayed: true };
  assertRoomForPhoto(alert); // before the image is decoded
  const photo = await processPhoto(body);
  const id = randomUUID();
  const now = new Date();
  const ref: AlertPhotoRef = {
    id,
    subjectId,
    // Stored explicitly, so what the poster said is never confused with a photo stored before the question.
    shows: which.shows ?? 'person',
    mime: photo.mime,
    width: photo.width,
    height: photo.height,
    bytes: photo.data.length,
    addedBy: actor.id,
    at: now,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
  let replayOf: AlertPhotoRef | undefined;
  let updated: AlertDoc;
  try {
    await photoFileWrites.insertFull(instance, { _id: id, alertId, mime: photo.mime, data: photo.data, createdAt: now });
    await photoFileWrites.insertThumb(instance, { _id: id, alertId, mime: 'image/jpeg', data: photo.thumbnail, createdAt: now });
    updated = await mutateAlert(instance, alertId, 'changed', (current) => {
      // A concurrent try with the same key got here first: answer its photo, store nothing.
      replayOf = earlierUpload(current, actor, idempotencyKey);
      if (replayOf) return null;
      assertRoomForPhoto(current); // authoritative: under the lock
      // The subject may have been dropped by an edit since it was read: never store a dangling link.
      if (subjectId !== null && !current.subjects.some((s, i) => subjectIdOf(s, i) === subjectId))
        throw new DomainError('version_conflict');
      return { $push: { photos: ref } };
    });
  } catch (err) {
    // Refused (cap, version, lock lost) or a store error: the files point at nothing. A delete that
    // fails too is left to the orphaned-photo sweep (photoSweep.ts).
    await discardUnlinkedPhoto(instance, alertId, id).catch(() => undefined);
    throw err;
  }
  if (replayOf) {
    await discardUnlinkedPhoto(instance, alertId, id).catch(() => undefined);
    return { photo: presentPhoto(updated, replayOf), replayed: true };
  }
  await recordAudit(instance, {
    actor,
    action: 'alert.photo_add',
    targetType: 'alert',
    targetId: alertId,
    details: { photoId: id, subjectId, shows: ref.shows, bytes: ref.bytes },
  });
  instance.events.emit('alert.changed', { alert: updated });
  return { photo: presentPhoto(updated, ref), replayed: false };
}

/** Deletes a photo's files unless its alert links it (a write that landed although its lock was lost). */
async function discardUnlinkedPhoto(instance: Instance, alertId: string, photoId: string): Promise<void> {
  const { Alert } = instance.models.alerts;
  const linked = await Alert.exists({ _id: alertId, 'photos.id': photoId });
  if (!linked) await deletePhotoFiles(instance, [photoId]);
}

/** The photo bytes, if the actor may see the alert and this photo. */
export async function getPhoto(instance: Instance, actor: Actor, alertId: string, photoId: string, size: 'full' | 'thumb') {
  const alert = await loadAlertFor(instance, actor, alertId, 'view');
  const photo = await photoBytesFor(instance, actor, alert, photoId, size);
  if (!photo) throw new DomainError('not_found');
  await recordAudit(instance, { actor, action: 'alert.photo_view', targetType: 'alert', targetId: alertId, details: { photoId, size } });
  return photo;
}

/**
 * The stored bytes of a photo of `alert` if the viewer may see the alert and this photo, else null; null too when it is gone. Not audited: the caller records what it does with
 * them (one photo view, or the case file that embeds them).
 */
export async function photoBytesFor(
  instance: Instance,
  v: Viewer,
  alert: AlertDoc,
  photoId: string,
  size: 'full' | 'thumb' = 'full',
): Promise<{ mime: PhotoDoc['mime']; data: Buffer } | null> {
  const { Photo, PhotoThumb } = instance.models.alerts;
  const ref = alert.photos.find((p) => p.id === photoId);
  if (!ref || !canSeeAlert(v, alert) || !canSeePhoto(alert, v, ref)) return null;
  const doc = await (size === 'thumb' ? PhotoThumb : Photo).findById(photoId).lean();
  if (!doc) return null;
  // Lean reads return BSON Binary for Buffer fields.
  const raw = doc.data as unknown as Buffer | { buffer: Uint8Array };
  return { mime: doc.mime, data: Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer) };
}
