/**
 * Every record that holds the person of a data-subject request, in both countries
 * (docs/data-subject-requests.md "Finding"): alerts whose subjects carry the identifier or name
 * (candidates from the alert copy's search postings, the keys search itself uses, then confirmed
 * per subject), the alert phones, the updates and the alert's own free text (title, summary,
 * action requested, consent note, history reasons) that name them (read from every alert in the
 * copy: free text has no index), directory entries, and audit events whose
 * details or personal part hold them. No visibility rule narrows this: only system administrators
 * with a second administrator's approval read it.
 */
import { phoneticKey } from '../../shared/identifiers/index.js';
import type { AlertTextField } from '../../shared/schemas/subjectRequests.js';
import type {
  FoundAlertDto,
  FoundAuditEventDto,
  FoundContactDto,
  FoundSubjectDto,
  FoundTextDto,
  FoundUpdateDto,
  SubjectFindingsDto,
} from '../../shared/dto/subjectRequest.js';
import { key, subjectIdOf, syncCopyOrRefuse, type AlertDoc } from '../alerts/index.js';
import { contactsForReview } from '../directory/index.js';
import { agenciesByIds } from '../identity/index.js';
import { scanAuditEvents } from '../platform/auditTrail/auditTrail.js';
import { personQuery, phoneMatches, subjectMatches, textMatches, valueMatches, type PersonQuery } from './personQuery.js';
import type { SubjectRequestDoc } from './SubjectRequest.js';
import type { Instance } from '../platform/instance.js';

/** Alerts decoded between two yields to the event loop while reading every alert's updates. */
const DECODE_SLICE = 200;

/** Alerts whose subjects or phones may hold the person, from the copy's postings (documents, phones, name tokens). */
function candidateAlerts(instance: Instance, q: PersonQuery): Set<string> {
  const ids = new Set<string>();
  for (const d of q.documents) for (const id of instance.alertCopy.holders(key.document(d)).keys()) ids.add(id);
  for (const p of q.phones) for (const id of instance.alertCopy.holders(key.phone(p)).keys()) ids.add(id);
  if (q.names.length) {
    // Every token of the name, exactly or by its phonetic key (as search's first passes).
    const perToken = q.names.map(
      (n) =>
        new Set<string>([
          ...instance.alertCopy.holders(key.token(n.token)).keys(),
          ...instance.alertCopy.holders(key.phonetic(phoneticKey(n.token))).keys(),
        ]),
    );
    const [first, ...rest] = perToken;
    for (const id of first ?? []) if (rest.every((holders) => holders.has(id))) ids.add(id);
  }
  return ids;
}

function foundIn(q: PersonQuery, a: AlertDoc, candidate: boolean): Omit<FoundAlertDto, 'originAgencyName'> | null {
  const subjects: FoundSubjectDto[] = [];
  const phones: FoundAlertDto['phones'] = [];
  if (candidate) {
    a.subjects.forEach((s, index) => {
      const matchedOn = subjectMatches(q, s);
      if (matchedOn.length) subjects.push({ subjectId: subjectIdOf(s, index), index, matchedOn, subject: { ...s } });
    });
    a.phones.forEach((p, i) => {
      if (phoneMatches(q, p, a.phonesNormalized[i] ?? null)) phones.push({ phone: p, e164: a.phonesNormalized[i] ?? null });
    });
  }
  const texts: FoundTextDto[] = [];
  for (const [field, text] of alertTexts(a)) {
    const matchedOn = text ? textMatches(q, text) : [];
    if (matchedOn.length) texts.push({ field, text, matchedOn });
  }
  const updates: FoundUpdateDto[] = [];
  for (const u of a.updates) {
    const matchedOn = u.text ? textMatches(q, u.text) : [];
    if (matchedOn.length)
      updates.push({ id: u.id, kind: u.kind, at: new Date(u.at).toISOString(), agencyId: u.agencyId, text: u.text, matchedOn });
  }
  if (!subjects.length && !phones.length && !updates.length && !texts.length) return null;
  return {
    id: String(a._id),
    reference: a.reference,
    title: a.title,
    status: a.status,
    originAgencyId: a.originAgencyId,
    originCountry: a.originCountry,
    subjects,
    phones,
    updates,
    texts,
  };
}

/** The alert's own free text, by field (history reasons joined: they are erased together). */
function alertTexts(a: AlertDoc): Array<[AlertTextField, string]> {
  const reasons = (a.history ?? []).map((h) => h.reason).filter((r): r is string => !!r);
  const texts: Array<[AlertTextField, string | null | undefined]> = [
    ['title', a.title],
    ['summary', a.summary],
    ['actionRequested', a.actionRequested?.text],
    ['consentNote', a.victimConsent?.note],
    ['historyReasons', reasons.join(' · ')],
  ];
  return texts.filter((t): t is [AlertTextField, string] => !!t[1]);
}

async function alertFindings(instance: Instance, q: PersonQuery): Promise<Array<Omit<FoundAlertDto, 'originAgencyName'>>> {
  await syncCopyOrRefuse(instance);
  const candidates = candidateAlerts(instance, q);
  const found: Array<Omit<FoundAlertDto, 'originAgencyName'>> = [];
  const all = instance.alertCopy.changedAfter(-1);
  for (let i = 0; i < all.length; i++) {
    if (i % DECODE_SLICE === DECODE_SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
    const a = instance.alertCopy.get(all[i]!.id);
    if (!a) continue;
    const f = foundIn(q, a, candidates.has(all[i]!.id));
    if (f) found.push(f);
  }
  return found.sort((x, y) => (x.reference < y.reference ? -1 : 1));
}

async function contactFindings(instance: Instance, q: PersonQuery): Promise<Array<Omit<FoundContactDto, 'agencyName'>>> {
  const out: Array<Omit<FoundContactDto, 'agencyName'>> = [];
  for (const c of await contactsForReview(instance)) {
    const on = new Set([c.name, c.unit, c.position, c.notes].filter((s): s is string => !!s).flatMap((s) => textMatches(q, s)));
    if (c.phones.some((p) => phoneMatches(q, p.number, p.e164))) on.add('phone');
    if (!on.size) continue;
    const { notes: _notes, country: _country, ...shown } = c;
    out.push({ ...shown, matchedOn: [...on] });
  }
  return out;
}

async function auditFindings(instance: Instance, q: PersonQuery): Promise<FoundAuditEventDto[]> {
  const out: FoundAuditEventDto[] = [];
  await scanAuditEvents(instance, ({ event, personal }) => {
    const all = valueMatches(q, event.details);
    if (!all.on.length) return;
    out.push({
      seq: event.seq,
      at: event.at,
      action: event.action,
      actorId: event.actorId,
      actorAgencyId: event.actorAgencyId,
      matchedOn: all.on,
      paths: all.paths,
      details: event.details,
      erasable: !!personal && valueMatches(q, personal).on.length > 0,
      erased: !!event.personalErased,
    });
  });
  return out.sort((a, b) => a.seq - b.seq);
}

/** The findings of a request whose person is still named in it (not after a completed suppression). */
export async function findPerson(instance: Instance, request: SubjectRequestDoc): Promise<SubjectFindingsDto> {
  const q = personQuery({ identifier: request.identifier, name: request.name });
  const [alerts, contacts, auditEvents] = await Promise.all([
    alertFindings(instance, q),
    contactFindings(instance, q),
    auditFindings(instance, q),
  ]);
  const names = new Map(
    (await agenciesByIds(instance, [...alerts.map((a) => a.originAgencyId), ...contacts.map((c) => c.agencyId)], ['name'])).map((a) => [
      String(a._id),
      a.name,
    ]),
  );
  return {
    request: { id: String(request._id), number: request.number, law: request.law, right: request.right },
    generatedAt: new Date().toISOString(),
    query: {
      identifier: request.identifier,
      name: request.name,
      documents: [...q.documents],
      phones: [...q.phones],
      nameTokens: q.names.map((n) => n.token),
    },
    alerts: alerts.map((a) => ({ ...a, originAgencyName: names.get(a.originAgencyId) ?? null })),
    contacts: contacts.map((c) => ({ ...c, agencyName: names.get(c.agencyId) ?? null })),
    auditEvents,
    counts: {
      alerts: alerts.length,
      subjects: alerts.reduce((n, a) => n + a.subjects.length, 0),
      phones: alerts.reduce((n, a) => n + a.phones.length, 0),
      updates: alerts.reduce((n, a) => n + a.updates.length, 0),
      contacts: contacts.length,
      auditEvents: auditEvents.length,
    },
  };
}
