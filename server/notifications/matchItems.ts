/**
 * "New cross-border match" items: for each side of a match between alerts of different countries,
 * the side's agency, in those of its operational roles that may see the match (both alerts, and a
 * victim's value linking them): a role that may not is not told the link exists.
 */
import type { Country } from '../../shared/schemas/common.js';
import { agencyFields, OPERATIONAL_ROLES } from '../identity/index.js';
import type { AlertDoc } from '../alerts/index.js';
import { canSeeMatch, type AlertMatch } from '../search/index.js';
import { storeInboxItem } from './inbox.service.js';
import type { Instance } from '../platform/instance.js';

/** The two sides of a match, each told from its own alert. */
function sides(alert: AlertDoc, m: AlertMatch): Array<[AlertDoc, AlertMatch]> {
  return [
    [alert, m],
    [m.other, { other: alert, on: m.on, value: m.value, ownClass: m.otherClass, otherClass: m.ownClass }],
  ];
}

export async function recordCrossBorderMatches(instance: Instance, alert: AlertDoc, matches: AlertMatch[]): Promise<void> {
  const crossBorder = matches.filter((m) => m.other.originCountry !== alert.originCountry);
  if (!crossBorder.length) return;
  const kinds = await agencyFields(instance, [alert.originAgencyId, ...crossBorder.map((m) => m.other.originAgencyId)], 'kind');
  for (const m of crossBorder) {
    for (const [own, side] of sides(alert, m)) {
      const agencyId = own.originAgencyId;
      const viewer = { agencyId, country: own.originCountry as Country, agencyKind: kinds.get(agencyId) ?? null };
      const roles = OPERATIONAL_ROLES.filter((r) => canSeeMatch({ ...viewer, roles: [r] }, own, side));
      if (!roles.length) continue;
      await storeInboxItem(instance, {
        agencyId,
        roles,
        kind: 'match_new',
        subjectType: 'alert',
        subjectId: String(own._id),
        data: { reference: own.reference },
        dedupeKey: `match:${String(own._id)}:${String(side.other._id)}:${side.on}`,
      });
    }
  }
}
