/** The alert vocabulary of PRODUCT.md, without zod, so the browser client can import it cheaply. */
export const ALERT_KINDS = ['missing_person', 'possible_victim', 'suspect', 'vehicle', 'location', 'modus_operandi', 'other'] as const;
export const PRIORITIES = ['urgent', 'high', 'routine'] as const;
export const ALERT_STATUSES = ['active', 'resolved', 'cancelled', 'expired'] as const;
export const ACTION_CODES = ['locate_and_report', 'protect_and_report', 'detain', 'discreet_check', 'information_only'] as const;
export const SUBJECT_ROLES = ['victim', 'suspect', 'witness', 'other'] as const;
/** What a photo shows: a person, or no person at all (a vehicle, a place, a document). */
export const PHOTO_SHOWS = ['person', 'no_person'] as const;
export const DOCUMENT_TYPES = ['DNI', 'CI', 'CUIL', 'CUIT', 'RUC', 'passport', 'other'] as const;
export const SCOPES = ['agency', 'country', 'bilateral', 'agencies'] as const;
export const SENSITIVITIES = ['standard', 'restricted'] as const;
export const HIT_TYPES = ['sighting', 'located', 'action_taken', 'false_positive'] as const;
export const ALERT_LIMITS = {
  subjects: 20,
  documents: 10,
  aliases: 10,
  vehicles: 20,
  phones: 30,
  locations: 20,
  tags: 20,
  agencies: 50,
  updatesPerAlert: 2000,
  /** UTF-8 bytes of all of an alert's updates (text and location), so nobody can bloat it (issue #10 item 8). */
  updateBytesPerAlert: 256 * 1024,
  /** History entries and their JSON bytes (reasons) that edits and status changes may add (issue #23 F6). */
  historyPerAlert: 200,
  historyBytesPerAlert: 64 * 1024,
  /** Photos one alert holds (issue #23 F6): a few per subject. */
  photosPerAlert: 40,
} as const;

/**
 * Shares of an alert's update budget (both the count and the bytes of ALERT_LIMITS), so that no
 * partner agency can fill an alert and block its hits (issue #23 F5). "Partner" is any agency
 * other than the origin. Every share that applies to a new update must hold after it.
 */
export const UPDATE_SHARES = {
  /** Notes by anyone: the last eighth is for hits only. */
  allNotes: 7 / 8,
  /** Updates by partners together: the last quarter is for the origin agency only. */
  partnerUpdates: 3 / 4,
  /** Notes by partners together. */
  partnerNotes: 1 / 2,
  /** Updates by one partner agency, hits included. */
  agencyUpdates: 1 / 4,
  /** Notes by one partner agency: half of its share, so it can always still post hits. */
  agencyNotes: 1 / 8,
} as const;
