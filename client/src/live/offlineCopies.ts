/**
 * What the app needs to reopen with no signal (issue 25), kept in the device's one store
 * (localStore.ts) and, like the directory copy, each record with its owner: the user the server
 * last confirmed, the feed as last synced, the alerts that user opened, and the agency names.
 * Only what the server sent to that user is kept, and less: what the user may do (`abilities`) is
 * decided online, so copies hold none; a restricted alert is kept without its restricted parts
 * (victim identity, legal basis, consent, restricted photos: shared/restrictedFields.ts). A record
 * whose owner is not the user asking is never returned. All of it goes with wipeLocalData().
 */
import type { AgencyDto } from '../../../shared/dto/agency.js';
import type { AlertAbilities, AlertDto, AlertSummaryDto, SubjectDto } from '../../../shared/dto/alert.js';
import type { UserDto } from '../../../shared/dto/user.js';
import { isRestrictedSubject, VICTIM_IDENTITY_FIELDS } from '../../../shared/restrictedFields.js';
import { readLocal, updateLocal, writeLocal } from './localStore.js';

const SESSION_KEY = 'session-user';
const FEED_KEY = 'feed-copy';
const OPENED_KEY = 'opened-alerts';
const AGENCIES_KEY = 'agencies-copy';

/** The newest alerts of the feed kept on the device. */
export const FEED_COPY_LIMIT = 200;
/** The alerts last opened kept on the device. */
export const OPENED_COPY_LIMIT = 30;

interface Owned {
  owner: string;
}

/** Nothing may be done from a copy: every ability is decided online again. */
const NO_ABILITIES: AlertAbilities = {
  view: true,
  edit: false,
  changeStatus: false,
  addUpdate: false,
  acknowledgeHits: false,
  hideUpdates: false,
  viewRestricted: false,
  viewViews: false,
  addPhoto: false,
  requestAccess: false,
  exportCaseFile: false,
  extendRetention: false,
};

async function readOwned<T extends Owned>(key: string, owner: string): Promise<T | null> {
  const record = await readLocal<T>(key).catch(() => undefined);
  return record && record.owner === owner ? record : null;
}

/** The user the server confirmed last, kept so the app reopens as them with no signal. */
export interface SessionCopy extends Owned {
  user: UserDto;
  savedAt: string;
}

export const saveSessionCopy = (user: UserDto): Promise<void> =>
  writeLocal(SESSION_KEY, { owner: user.id, user, savedAt: new Date().toISOString() } satisfies SessionCopy);

/** The last confirmed user, if the device is still theirs (`deviceOwner` from claimDevice). */
export async function readSessionCopy(deviceOwner: string | undefined): Promise<UserDto | null> {
  if (!deviceOwner) return null;
  return (await readOwned<SessionCopy>(SESSION_KEY, deviceOwner))?.user ?? null;
}

/** The feed as last synced: the newest alerts, as summaries (no people, phones or vehicles). */
export interface FeedCopy extends Owned {
  savedAt: string;
  items: AlertSummaryDto[];
}

export function saveFeedCopy(owner: string, items: readonly AlertSummaryDto[], savedAt: string): Promise<void> {
  const kept = items.slice(0, FEED_COPY_LIMIT).map((a) => ({ ...a, abilities: NO_ABILITIES }));
  return writeLocal(FEED_KEY, { owner, savedAt, items: kept } satisfies FeedCopy);
}

export const readFeedCopy = (owner: string): Promise<FeedCopy | null> => readOwned<FeedCopy>(FEED_KEY, owner);

/** One opened alert as kept, with when it was read from the server. */
export interface OpenedAlertCopy {
  savedAt: string;
  alert: AlertDto;
}

interface OpenedAlerts extends Owned {
  items: OpenedAlertCopy[];
}

function withoutVictimIdentity(a: AlertDto, s: SubjectDto): SubjectDto {
  if (!isRestrictedSubject(a, s) || s.redacted) return s;
  const copy: Record<string, unknown> = { ...s };
  for (const f of VICTIM_IDENTITY_FIELDS) delete copy[f];
  return { ...(copy as unknown as SubjectDto), redacted: true };
}

/** The alert as the device may keep it: no abilities, and nothing restricted (ARCHITECTURE.md "The client"). */
export function deviceCopyOf(a: AlertDto): AlertDto {
  const kept: AlertDto = { ...a, abilities: NO_ABILITIES };
  if (a.sensitivity !== 'restricted') return kept;
  return {
    ...kept,
    subjects: a.subjects.map((s) => withoutVictimIdentity(a, s)),
    legalBasis: null,
    victimConsent: null,
    // Images are never on the device; a restricted one leaves not even its reference.
    photos: a.photos.filter((p) => !p.restricted),
  };
}

/** Keeps an alert the user just read from the server (the latest first; the oldest beyond the limit go). */
export function saveOpenedAlert(owner: string, alert: AlertDto): Promise<void> {
  const entry: OpenedAlertCopy = { savedAt: new Date().toISOString(), alert: deviceCopyOf(alert) };
  return updateLocal<OpenedAlerts>(OPENED_KEY, (old) => {
    const mine = old?.owner === owner ? old.items : [];
    return { owner, items: [entry, ...mine.filter((i) => i.alert.id !== alert.id)].slice(0, OPENED_COPY_LIMIT) };
  });
}

export async function readOpenedAlert(owner: string, id: string): Promise<OpenedAlertCopy | null> {
  return (await readOwned<OpenedAlerts>(OPENED_KEY, owner))?.items.find((i) => i.alert.id === id) ?? null;
}

/** Drops an alert the server no longer shows this user (access ended, alert gone). */
export function forgetOpenedAlert(owner: string, id: string): Promise<void> {
  return updateLocal<OpenedAlerts>(OPENED_KEY, (old) => ({
    owner,
    items: old?.owner === owner ? old.items.filter((i) => i.alert.id !== id) : [],
  }));
}

interface AgenciesCopy extends Owned {
  items: AgencyDto[];
}

/** Agency names, so a copy shows "PN-Alberdi (PY)" and never an id. */
export const saveAgenciesCopy = (owner: string, items: AgencyDto[]): Promise<void> =>
  writeLocal(AGENCIES_KEY, { owner, items } satisfies AgenciesCopy);

export async function readAgenciesCopy(owner: string): Promise<AgencyDto[]> {
  return (await readOwned<AgenciesCopy>(AGENCIES_KEY, owner))?.items ?? [];
}
