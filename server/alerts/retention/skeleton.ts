/**
 * What a purge leaves of an alert (pure): the skeleton statistics and the audit trail need —
 * reference, kind, priority, status (the outcome), agencies, distribution, sensitivity, dates, the
 * history without its reasons, each update's kind, author, agency and dates — and none of the
 * personal data: subjects (names, documents, descriptions), phones, vehicles, photos, places
 * below province, the free text of the alert and of its updates, case number and consent note.
 * The facts the statistics count are kept apart first (`statisticsFacts`, alertFacts.ts).
 */
import type { UpdateQuery } from 'mongoose';
import type { AlertDoc, AlertHistoryEntry, AlertLocation } from '../Alert.js';
import { factsToKeep } from '../alertFacts.js';

/** A place kept only as far as statistics count it: country, province/department, border crossing. */
function coarsePlace(l: AlertLocation): AlertLocation {
  const out: AlertLocation = {};
  if (l.country) out.country = l.country;
  if (l.adminArea) out.adminArea = l.adminArea;
  if (l.borderCrossing) out.borderCrossing = l.borderCrossing;
  return out;
}

/** The update that purges `current` at `now`, noting it in its history (by the system; the audit
 * event names the rule). */
export function purgeUpdate(current: AlertDoc, now: Date): UpdateQuery<AlertDoc> {
  const entry: AlertHistoryEntry = { at: now, by: 'system', agencyId: current.originAgencyId, action: 'personal_data_purged' };
  return {
    $set: {
      // Free text (often a name): emptied, as a hidden note's text is; the reference names the alert.
      title: '',
      summary: null,
      actionRequested: current.actionRequested ? { code: current.actionRequested.code, text: null } : null,
      legalBasis: null,
      victimConsent: current.victimConsent ? { given: current.victimConsent.given, recordedBy: null, note: null } : null,
      subjects: [],
      vehicles: [],
      phones: [],
      phonesNormalized: [],
      photos: [],
      locations: current.locations.map(coarsePlace),
      updates: current.updates.map((u) => ({ ...u, text: '', location: u.location ? coarsePlace(u.location) : null })),
      history: [...current.history.map((h) => ({ ...h, reason: null })), entry],
      retention: { ...(current.retention ?? {}), purgedAt: now },
      // The commission's figures (victim's nationality, place, crossing, first hit, resolution) name no one.
      statisticsFacts: factsToKeep(current),
      version: current.version + 1,
    },
  };
}
