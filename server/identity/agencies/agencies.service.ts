/** Agencies of both countries (API.md "Agencies"). */
import type { CreateAgencyInput, UpdateAgencyInput } from '../../../shared/schemas/agencies.js';
import type { Country } from '../../../shared/schemas/common.js';
import { DomainError } from '../../platform/errors.js';
import { type AgencyDoc } from './Agency.js';
import type { Actor } from '../../platform/actor.js';
import { can } from './agency.policy.js';
import { authorize } from '../../platform/authorize.js';
import { presentAgency, type AgencyDto } from './agency.presenter.js';
import { type UserDoc } from '../users/User.js';
import { withDocLock } from '../../platform/store/index.js';
import { recordAudit } from '../../platform/auditTrail/auditTrail.js';
import { lockUser } from '../auth/auth.service.js';

import type { Page } from '../../platform/pagination.js';
import type { Instance } from '../../platform/instance.js';

/** The whole list: a few hundred agencies at most, ordered by country then name. */
export async function listAgencies(instance: Instance, actor: Actor, query: { country?: Country | undefined }): Promise<Page<AgencyDto>> {
  const { Agency } = instance.models.identity;
  authorize(can(actor, 'list'), 'agency.list');
  const docs = await Agency.find(query.country ? { country: query.country } : {}).lean<AgencyDoc[]>();
  docs.sort((a, b) => a.country.localeCompare(b.country) || a.name.localeCompare(b.name, 'es'));
  return { items: docs.map(presentAgency), nextCursor: null };
}

export async function getAgency(instance: Instance, actor: Actor, id: string): Promise<AgencyDto> {
  const { Agency } = instance.models.identity;
  authorize(can(actor, 'read'), 'agency.read');
  const agency = await Agency.findById(id).lean<AgencyDoc>();
  if (!agency) throw new DomainError('not_found');
  return presentAgency(agency);
}

export async function createAgency(instance: Instance, actor: Actor, input: CreateAgencyInput): Promise<AgencyDto> {
  const { Agency } = instance.models.identity;
  authorize(can(actor, 'create'), 'agency.create', { targetType: 'agency' });
  const agency = await Agency.create(input);
  await recordAudit(instance, {
    actor,
    action: 'agency.create',
    targetType: 'agency',
    targetId: String(agency._id),
    details: { name: input.name, country: input.country },
  });
  return presentAgency(agency.toObject());
}

/**
 * The agency's users lose every session (epoch bump, as for a disabled user) and socket at once: when
 * it becomes inactive, and when its kind changes, which changes what their roles open (restricted
 * victim identity, roles.policy.ts) as a change of their roles would. Their sockets' rooms were
 * chosen by the old kind, and their sessions keep the kind they began with (session.ts).
 */
async function endAgencySessions(instance: Instance, agencyId: string, reason: 'agency_deactivated' | 'roles_changed'): Promise<void> {
  const { User } = instance.models.identity;
  const members = await User.find({ agencyId }, { _id: 1 }).lean<Array<Pick<UserDoc, '_id'>>>();
  for (const m of members) await lockUser(instance, m._id, () => User.updateOne({ _id: m._id }, { $inc: { sessionEpoch: 1 } }));
  instance.events.emit('agency.sessions_revoked', { agencyId, reason });
}

export async function updateAgency(instance: Instance, actor: Actor, id: string, input: UpdateAgencyInput): Promise<AgencyDto> {
  const { Agency } = instance.models.identity;
  authorize(can(actor, 'update'), 'agency.update', { targetType: 'agency', targetId: id });
  const [kindBefore, agency] = await withDocLock(instance.store, `agency:${id}`, async () => {
    // Only an update that sets the kind can change it: the kind it had is read for those alone.
    const was = input.kind === undefined ? undefined : (await Agency.findById(id, { kind: 1 }).lean<Pick<AgencyDoc, 'kind'>>())?.kind;
    const now = await Agency.findByIdAndUpdate(id, { $set: input }, { returnDocument: 'after', runValidators: true }).lean<AgencyDoc>();
    return [was, now] as const;
  });
  if (!agency) throw new DomainError('not_found');
  if (input.active === false) await endAgencySessions(instance, id, 'agency_deactivated');
  else if (input.kind !== undefined && agency.kind !== kindBefore) await endAgencySessions(instance, id, 'roles_changed');
  await recordAudit(instance, {
    actor,
    action: input.active === false ? 'agency.deactivate' : 'agency.update',
    targetType: 'agency',
    targetId: id,
    details: { changed: Object.keys(input) },
  });
  return presentAgency(agency);
}
