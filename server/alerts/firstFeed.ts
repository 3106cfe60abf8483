/**
 * The first screen of a user who has just signed in — the feed's first page and the agencies'
 * names — answered with the sign-in step itself when the browser asks (`?include=feed`), so a
 * phone on a weak link does not wait another round trip for them (issue 25). The same services,
 * policies and audit as `GET /alerts` and `GET /agencies`: nothing the user could not ask for.
 */
import type { FirstFeedDto } from '../../shared/dto/user.js';
import { listAlertsQuery } from '../../shared/schemas/alerts.js';
import type { Actor } from '../platform/actor.js';
import { listAgencies } from '../identity/index.js';
import { listAlerts } from './alertList.js';
import type { Instance } from '../platform/instance.js';

/** The feed's first page, as the browser asks for it (`GET /alerts?limit=20`). */
export const FIRST_FEED_LIMIT = 20;

/** The first screen's data, or undefined when it cannot be read now (the sign-in itself never fails for it). */
export async function firstFeed(instance: Instance, actor: Actor): Promise<FirstFeedDto | undefined> {
  try {
    const [alerts, agencies] = await Promise.all([
      listAlerts(instance, actor, listAlertsQuery.parse({ limit: FIRST_FEED_LIMIT })),
      listAgencies(instance, actor, {}),
    ]);
    return { alerts, agencies };
  } catch {
    // The list is still loading (503) or refused: the browser then asks for it the usual way.
    return undefined;
  }
}
