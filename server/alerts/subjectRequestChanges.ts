/**
 * What a data-subject request changes in an alert (docs/data-subject-requests.md): a field of a
 * subject rectified, or a person erased — the subject (with its photos), the alert's phones that
 * are theirs, and the text of updates that name them. Through mutateAlert, as an edit: the
 * version moves on, the change is logged, every process's copy and search postings take the new
 * alert (so they forget what was removed), and `alert.changed` reaches every agency the alert
 * reaches, as after an edit. The history says which request did it. The caller (the privacy
 * component) has checked the request's approval; this only checks who acts, and does it.
 */
import type { AlertTextField, SubjectRectification } from '../../shared/schemas/subjectRequests.js';
import { DomainError } from '../platform/errors.js';
import type { Actor } from '../platform/actor.js';
import type { AlertDoc, AlertHistoryEntry, AlertSubject } from './Alert.js';
import { mutateAlert } from './alertMutation.js';
import { finishChange } from './alerts.service.js';
import { normalizeAlertContent } from './normalize.js';
import { editSubjects, subjectIdOf } from './subjectLinks.js';
import { deletePhotoFiles } from './photos/photoFiles.js';

import { normalizePhoneEitherCountry } from '../../shared/identifiers/index.js';
import type { Instance } from '../platform/instance.js';

export interface SubjectRequestRef {
  id: string;
  number: string;
}

export interface AlertErasure {
  /** Subjects removed from the alert, with the photos linked to them. */
  subjectIds: string[];
  /** Phones of the alert (as typed, or their E.164 form) removed from it. */
  phones: string[];
  /** Updates whose text and place are emptied. */
  updateIds: string[];
  /** The alert's own free text emptied (its title, summary, …), as a retention purge empties it. */
  texts?: readonly AlertTextField[];
}

/** The alert's own free text emptied, field by field (the same shapes a retention purge leaves). */
function emptiedTexts(current: AlertDoc, texts: ReadonlySet<AlertTextField>): { set: Partial<AlertDoc>; fields: AlertTextField[] } {
  const set: Partial<AlertDoc> = {};
  const fields: AlertTextField[] = [];
  const empty = (field: AlertTextField, present: unknown, apply: () => void) => {
    if (!texts.has(field) || !present) return;
    apply();
    fields.push(field);
  };
  empty('title', current.title, () => (set.title = ''));
  empty('summary', current.summary, () => (set.summary = null));
  empty('actionRequested', current.actionRequested?.text, () => (set.actionRequested = { ...current.actionRequested!, text: null }));
  empty('consentNote', current.victimConsent?.note, () => (set.victimConsent = { ...current.victimConsent!, note: null }));
  empty(
    'historyReasons',
    current.history.some((h) => h.reason),
    () => (set.history = current.history.map((h) => ({ ...h, reason: null }))),
  );
  return { set, fields };
}

/** Only system administrators act on data-subject requests (the request's approval is checked by its caller). */
function assertSystemAdmin(actor: Actor): void {
  if (!actor.roles.includes('system_admin')) throw new DomainError('forbidden');
}

function entry(actor: Actor, action: AlertHistoryEntry['action'], request: SubjectRequestRef, fields: string[]): AlertHistoryEntry {
  return { at: new Date(), by: actor.id, agencyId: actor.agencyId, action, requestNumber: request.number, fields };
}

/** Documents re-normalised as on any edit (the search keys follow from them). */
function normalisedSubjects(alert: AlertDoc, subjects: AlertSubject[]): AlertSubject[] {
  const content = normalizeAlertContent(
    { kind: alert.kind, priority: alert.priority, title: alert.title, distribution: alert.distribution, subjects } as never,
    alert.originCountry,
  );
  return content.subjects;
}

/** The subject's fields set to `changes` (a field given as null is removed). */
export async function rectifyAlertSubject(
  instance: Instance,
  actor: Actor,
  alertId: string,
  subjectId: string,
  changes: SubjectRectification,
  request: SubjectRequestRef,
): Promise<{ fields: string[]; alert: AlertDoc }> {
  assertSystemAdmin(actor);
  let fields: string[] = [];
  const updated = await mutateAlert(instance, alertId, 'changed', (current) => {
    const index = current.subjects.findIndex((s, i) => subjectIdOf(s, i) === subjectId);
    if (index < 0) throw new DomainError('not_found');
    const before = current.subjects[index]!;
    const after: Record<string, unknown> = { ...before, id: subjectIdOf(before, index) };
    fields = [];
    for (const [field, value] of Object.entries(changes)) {
      if (JSON.stringify(before[field as keyof AlertSubject] ?? null) === JSON.stringify(value ?? null)) continue;
      fields.push(field);
      if (value === null) delete after[field];
      else after[field] = value;
    }
    if (!fields.length) return null;
    const subjects = current.subjects.map((s, i) => (i === index ? (after as unknown as AlertSubject) : s));
    return {
      $set: { subjects: normalisedSubjects(current, subjects), version: current.version + 1 },
      // A request served by law is not refused for a full history (historyBudget.ts).
      $push: {
        history: entry(
          actor,
          'subject_rectified',
          request,
          fields.map((f) => `subjects.${f}`),
        ),
      },
    };
  });
  if (fields.length)
    await finishChange(instance, actor, updated, 'alert.subject_rectified', { requestNumber: request.number, subjectId, fields });
  return { fields, alert: updated };
}

/** Whether a stored phone is one of `phones` (as typed, or by its E.164 form). */
function phoneIn(phone: string, country: string, phones: string[]): boolean {
  const r = normalizePhoneEitherCountry(phone, country === 'PY' ? 'PY' : 'AR');
  return phones.includes(phone) || (r.ok && phones.includes(r.e164));
}

/** Removes a person from the alert: subjects with their photos, their phones, update texts naming them. */
export async function eraseFromAlert(
  instance: Instance,
  actor: Actor,
  alertId: string,
  target: AlertErasure,
  request: SubjectRequestRef,
): Promise<{ removed: { subjects: number; phones: number; updates: number; photos: number; texts: number }; alert: AlertDoc }> {
  assertSystemAdmin(actor);
  const removed = { subjects: 0, phones: 0, updates: 0, photos: 0, texts: 0 };
  let droppedPhotoIds: string[] = [];
  const updated = await mutateAlert(instance, alertId, 'changed', (current) => {
    const ids = new Set(target.subjectIds);
    const kept = current.subjects.map((s, i) => ({ ...s, id: subjectIdOf(s, i) })).filter((s) => !ids.has(s.id));
    const edit = editSubjects(current, kept);
    const phoneKept = current.phones.filter((p) => !phoneIn(p, current.originCountry, target.phones));
    const phonesNormalized = normalizeAlertContent(
      {
        kind: current.kind,
        priority: current.priority,
        title: current.title,
        distribution: current.distribution,
        phones: phoneKept,
      } as never,
      current.originCountry,
    ).phonesNormalized;
    const at = new Date();
    const updateIds = new Set(target.updateIds);
    let updates = 0;
    const newUpdates = current.updates.map((u) => {
      if (!updateIds.has(u.id) || (u.hidden && !u.text)) return u;
      updates++;
      return { ...u, text: '', location: null, hidden: { at, by: actor.id, requestNumber: request.number } };
    });
    removed.subjects = current.subjects.length - kept.length;
    removed.phones = current.phones.length - phoneKept.length;
    removed.updates = updates;
    removed.photos = edit.droppedPhotoIds.length;
    droppedPhotoIds = edit.droppedPhotoIds;
    const texts = emptiedTexts(current, new Set(target.texts ?? []));
    removed.texts = texts.fields.length;
    if (!removed.subjects && !removed.phones && !removed.updates && !removed.texts) return null;
    const fields = [
      ...(removed.subjects ? ['subjects'] : []),
      ...(removed.phones ? ['phones'] : []),
      ...(removed.updates ? ['updates'] : []),
      ...texts.fields,
    ];
    // The history's reasons, if emptied, are the history before this erasure's own entry is added.
    const { history: historyWithoutReasons, ...otherTexts } = texts.set;
    return {
      $set: {
        subjects: edit.subjects,
        photos: edit.photos,
        phones: phoneKept,
        phonesNormalized,
        updates: newUpdates,
        ...otherTexts,
        version: current.version + 1,
        ...(historyWithoutReasons ? { history: [...historyWithoutReasons, entry(actor, 'subject_erased', request, fields)] } : {}),
      },
      ...(historyWithoutReasons ? {} : { $push: { history: entry(actor, 'subject_erased', request, fields) } }),
    };
  });
  if (removed.subjects || removed.phones || removed.updates || removed.texts) {
    await finishChange(instance, actor, updated, 'alert.subject_erased', { requestNumber: request.number, ...removed });
    for (const u of updated.updates)
      if (target.updateIds.includes(u.id)) instance.events.emit('alert.update_changed', { alert: updated, update: u });
  }
  if (droppedPhotoIds.length) {
    try {
      await deletePhotoFiles(instance, droppedPhotoIds);
    } catch (err) {
      instance.events.emit('maintenance.failed', { task: 'photos.delete_erased', err, details: { alertId, photoIds: droppedPhotoIds } });
    }
  }
  return { removed, alert: updated };
}
