/** The words of a data-subject request, without zod: the client's screens import them (zod compiles with eval, which the CSP refuses). */
/** The law the person invokes: Argentina's Ley 25.326 (arts. 14–16), Paraguay's habeas data (Constitución art. 135, Ley 7593/2025). */
export const SUBJECT_REQUEST_LAWS = ['ar_ley_25326', 'py_habeas_data'] as const;
/** What the person asks for. */
export const SUBJECT_RIGHTS = ['access', 'rectification', 'suppression'] as const;
export const SUBJECT_REQUEST_STATUSES = ['pending_approval', 'approved', 'refused', 'completed'] as const;

/**
 * An alert's own free text that may name the person: its title, summary, the text of the action
 * requested, the consent note and the reasons written in its history (status changes, grants).
 */
export const ALERT_TEXT_FIELDS = ['title', 'summary', 'actionRequested', 'consentNote', 'historyReasons'] as const;
export type AlertTextField = (typeof ALERT_TEXT_FIELDS)[number];

export type SubjectRequestLaw = (typeof SUBJECT_REQUEST_LAWS)[number];
export type SubjectRight = (typeof SUBJECT_RIGHTS)[number];
export type SubjectRequestStatus = (typeof SUBJECT_REQUEST_STATUSES)[number];
