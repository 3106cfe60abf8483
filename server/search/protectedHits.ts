/**
 * Protected hits (issue 24 item 1). An officer who checks a restricted victim she may not see must
 * not read "0 resultados" — at a border that says "nobody looks for her". A strong match (the exact
 * document, or every given name and surname) on an active alert answers that an alert concerns
 * this person, what to do and whom to call; never her identity, which field matched, or anything
 * else of the alert. Each hit is audited and told to the origin agency.
 */
import type { QueryReading } from '../../shared/identifiers/index.js';
import { nameTokens } from '../../shared/identifiers/index.js';
import type { ActionCode, AlertKind, Priority } from '../../shared/dto/alert.js';
import type { ProtectedHitDto } from '../../shared/dto/search.js';
import type { SearchInput } from '../../shared/schemas/search.js';
import { agenciesByIds } from '../identity/index.js';
import {
  canSeeAlert,
  canSeeRestricted,
  documentKeys,
  key,
  restrictedSubjectsOf,
  type AlertDoc,
  type AlertSubject,
} from '../alerts/index.js';
import type { Actor } from '../platform/actor.js';
import { recordStubReceipts } from './access/stubReceipts.js';
import { recordAudit } from '../platform/auditTrail/auditTrail.js';
import { agencyDutyLine } from '../directory/index.js';
import type { Instance } from '../platform/instance.js';

/** More than a few alerts for one exact document or full name is fishing or bad data: the first ones suffice. */
const MAX_PROTECTED_HITS = 5;

/** What the origin asked for; an alert without it concerns a victim, so: protect and report. */
const actionOf = (a: AlertDoc): ActionCode => (a.actionRequested?.code as ActionCode | undefined) ?? 'protect_and_report';

const hiddenVictims = (actor: Actor, a: AlertDoc): AlertSubject[] =>
  a.status === 'active' && !(canSeeAlert(actor, a) && canSeeRestricted(actor, a)) ? restrictedSubjectsOf(a) : [];

/** Every given name and surname of the person, and nothing else: no single word, no phonetic or typo match. */
function fullNameMatches(query: ReadonlySet<string>, s: AlertSubject): boolean {
  const n = nameTokens(s);
  if (!n.given.length || !n.family.length) return false;
  const own = new Set([...n.given, ...n.family]);
  return own.size === query.size && [...own].every((t) => query.has(t));
}

function matchesStrongly(reading: QueryReading, s: AlertSubject): boolean {
  if (reading.kind === 'document') return (s.documents ?? []).some((d) => documentKeys(d).some((k) => reading.values.includes(k)));
  return fullNameMatches(new Set(reading.values), s);
}

/** Alerts whose postings hold the exact document, or every name word exactly (both are then confirmed on the alert). */
function candidateIds(instance: Instance, reading: QueryReading): string[] {
  if (reading.kind === 'document')
    return [...new Set(reading.values.flatMap((v) => [...instance.alertCopy.holders(key.document(v)).keys()]))];
  const words = [...new Set(reading.values)];
  if (words.length < 2) return [];
  const holders = words.map((w) => instance.alertCopy.holders(key.token(w))).sort((x, y) => x.size - y.size);
  const [rarest, ...rest] = holders;
  return [...rarest!.keys()].filter((id) => rest.every((h) => h.has(id)));
}

/** The alerts for which this query is a protected hit for this actor, newest first. */
function protectedAlerts(instance: Instance, actor: Actor, reading: QueryReading, input: SearchInput): AlertDoc[] {
  if (reading.kind !== 'document' && reading.kind !== 'name') return [];
  if (input.status && input.status !== 'active') return [];
  const out: AlertDoc[] = [];
  for (const id of candidateIds(instance, reading)) {
    const head = instance.alertCopy.head(id);
    if (
      !head ||
      head.status !== 'active' ||
      (input.kind && head.kind !== input.kind) ||
      (input.country && head.originCountry !== input.country)
    )
      continue;
    const a = instance.alertCopy.get(id);
    if (a && hiddenVictims(actor, a).some((s) => matchesStrongly(reading, s))) out.push(a);
  }
  return out.sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime()).slice(0, MAX_PROTECTED_HITS);
}

/**
 * The protected hits of one search, audited and announced to each origin agency. `reading` is the
 * reading searched; `place` is where the officer says she is checking.
 */
export async function protectedHits(
  instance: Instance,
  actor: Actor,
  reading: QueryReading,
  input: SearchInput,
): Promise<ProtectedHitDto[]> {
  const alerts = protectedAlerts(instance, actor, reading, input);
  if (!alerts.length) return [];
  const agencies = await agenciesByIds(
    instance,
    alerts.map((a) => a.originAgencyId),
    ['name', 'country', 'phone', 'dutyPhone'],
  );
  const lines = new Map(await Promise.all(agencies.map(async (g) => [String(g._id), await agencyDutyLine(instance, g)] as const)));
  const place = input.place ?? null;
  const hits: ProtectedHitDto[] = [];
  for (const a of alerts) {
    const agency = agencies.find((g) => String(g._id) === a.originAgencyId);
    if (!agency) continue;
    const alertId = String(a._id);
    // Like a stub: only an alert the officer cannot see is named, so that she may request access to it.
    const requestable = !canSeeAlert(actor, a);
    hits.push({
      kind: 'protected',
      ...(requestable ? { alertId } : {}),
      reference: a.reference,
      alertKind: a.kind as AlertKind,
      priority: a.priority as Priority,
      actionRequested: actionOf(a),
      originAgency: { id: a.originAgencyId, name: agency.name, country: agency.country },
      contactLine: lines.get(a.originAgencyId) ?? null,
    });
    await recordAudit(instance, {
      actor,
      action: 'search.protected_hit',
      targetType: 'alert',
      targetId: alertId,
      details: { detected: reading.kind, reference: a.reference, originAgencyId: a.originAgencyId },
      personal: { q: input.q, place },
    });
    instance.events.emit('protected_person.checked', {
      alertId,
      reference: a.reference,
      originAgencyId: a.originAgencyId,
      checkedByAgencyId: actor.agencyId,
      checkedByUserId: actor.id,
      place,
      at: new Date(),
    });
  }
  await recordStubReceipts(
    instance,
    actor.id,
    hits.flatMap((h) => (h.alertId ? [h.alertId] : [])),
  );
  return hits;
}
