/**
 * One listed account and, on demand, what an administrator may do with it: roles, disable or
 * enable, reset (a new link, shown once), unlock. Actions that end the person's sessions say so
 * and ask first. Nobody manages their own account here; agency admins see system admins' accounts only.
 */
import { useState } from 'preact/hooks';
import type { UserListItemDto } from '../../../../shared/dto/admin.js';
import { admin } from '../../../../shared/i18n/client/admin.js';
import type { Role } from '../../../../shared/schemas/common.js';
import { fieldErrors } from '../../api/errors.js';
import { resetUser, unlockUser, updateUser } from '../../api/users.js';
import { translator } from '../../i18n/index.js';
import { agencies, agencyLabel } from '../../state/agencies.js';
import { currentUser, hasRole } from '../../state/session.js';
import { RequestErrorSummary } from '../../ui/ErrorSummary.js';
import { Notice } from '../../ui/Notice.js';
import { Time } from '../../ui/Time.js';
import { ConfirmAction, linkExpiry, OneTimeLink, roleWord } from './parts.js';
import { RolePicker } from './RolePicker.js';

const t = translator(admin);

type Outcome = { text: string; link?: { token: string; expiresAt: string } } | null;

function ManagePanel({ u, onChanged }: { u: UserListItemDto; onChanged: (u: UserListItemDto) => void }) {
  const [roles, setRoles] = useState<Role[]>(u.pendingRoles.length ? u.pendingRoles : u.roles);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const fields = fieldErrors(error);
  const run = async (action: () => Promise<Outcome>) => {
    setError(null);
    setOutcome(null);
    try {
      setOutcome(await action());
    } catch (err) {
      setError(err);
    }
  };
  const rolesChanged = [...roles].sort().join() !== [...u.roles].sort().join();
  // The server suspends a prosecutor role that an agency admin's reset would hand to whoever accepts the link.
  const resetSuspends = !hasRole('system_admin') && u.roles.includes('prosecutor');

  return (
    <div class="manage" id={`manage-${u.id}`}>
      <RequestErrorSummary error={error} fields={[['roles', `roles-${u.id}`]]} />
      {outcome ? (
        <Notice kind="success">
          <p>{outcome.text}</p>
          {outcome.link ? (
            <OneTimeLink label={t('resetLink')} token={outcome.link.token} path="/reset" expiresAt={outcome.link.expiresAt} />
          ) : null}
        </Notice>
      ) : null}
      <RolePicker id={`roles-${u.id}`} value={roles} onValue={setRoles} agency={agencies.value.get(u.agencyId)} error={fields.roles} />
      <div class="actions">
        <ConfirmAction
          label={t('saveRoles')}
          disabled={!rolesChanged || roles.length === 0}
          question={t('confirmRoles', { name: u.displayName })}
          onConfirm={() =>
            run(async () => {
              const updated = await updateUser(u.id, { roles });
              onChanged({ ...u, ...updated });
              return { text: t(updated.pendingRoles.length ? 'rolesPending' : 'rolesSaved') };
            })
          }
        />
      </div>
      <div class="actions">
        {u.status === 'disabled' ? (
          <button
            type="button"
            onClick={() =>
              void run(async () => {
                onChanged({ ...u, ...(await updateUser(u.id, { status: 'active' })) });
                return { text: t('enabledDone') };
              })
            }
          >
            {t('enable')}
          </button>
        ) : (
          <ConfirmAction
            danger
            label={t('disable')}
            question={t('confirmDisable', { name: u.displayName })}
            onConfirm={() =>
              run(async () => {
                onChanged({ ...u, ...(await updateUser(u.id, { status: 'disabled' })) });
                return { text: t('disabledDone') };
              })
            }
          />
        )}
        <ConfirmAction
          label={t('reset')}
          question={t(resetSuspends ? 'confirmResetSuspends' : 'confirmReset', { name: u.displayName })}
          onConfirm={() =>
            run(async () => {
              const res = await resetUser(u.id);
              onChanged({ ...u, ...res.user, mfaEnabled: false, locked: false, lockedUntil: null });
              const suspended = !!res.user && res.user.roles.length < u.roles.length;
              return {
                text: t(suspended ? 'resetDoneSuspended' : 'resetDone'),
                link: { token: res.invitationToken, expiresAt: linkExpiry() },
              };
            })
          }
        />
        {u.locked ? (
          <button
            type="button"
            onClick={() =>
              void run(async () => {
                await unlockUser(u.id);
                onChanged({ ...u, locked: false, lockedUntil: null });
                return { text: t('unlockDone') };
              })
            }
          >
            {t('unlock')}
          </button>
        ) : null}
      </div>
    </div>
  );
}

export function AccountCard({ u, onChanged }: { u: UserListItemDto; onChanged: (u: UserListItemDto) => void }) {
  const [open, setOpen] = useState(false);
  const own = u.id === currentUser.value?.id;
  const guarded = !hasRole('system_admin') && u.roles.includes('system_admin');
  return (
    <li class="account-card card" data-testid="account" data-email={u.email}>
      <div class="account-head">
        <h3 class="h3">{u.displayName}</h3>
        <span class={`status-pill status-pill-${u.status}`}>{t(`status_${u.status}`)}</span>
        {u.locked ? <span class="status-pill status-pill-locked">{t('lockedYes')}</span> : null}
      </div>
      <dl class="facts compact">
        <dt>{t('email')}</dt>
        <dd class="break">{u.email}</dd>
        <dt>{t('agency')}</dt>
        <dd>{agencyLabel(u.agencyId)}</dd>
        <dt>{t('roles')}</dt>
        <dd>{u.roles.map(roleWord).join(', ') || '—'}</dd>
        <dt>{t('mfa')}</dt>
        <dd>{t(u.mfaEnabled ? 'mfaYes' : 'mfaNo')}</dd>
        <dt>{t('lastSignIn')}</dt>
        <dd>{u.lastLoginAt ? <Time iso={u.lastLoginAt} /> : t('neverSignedIn')}</dd>
      </dl>
      {u.pendingRoles.length ? <p class="muted">{t('pendingRoles', { roles: u.pendingRoles.map(roleWord).join(', ') })}</p> : null}
      {u.lockedUntil ? (
        <p class="muted">
          {t('lockedUntil')}
          <Time iso={u.lockedUntil} />
        </p>
      ) : null}
      {u.inactiveDisableAt ? (
        <p class="muted">
          {t('disablesAt')}
          <Time iso={u.inactiveDisableAt} />
        </p>
      ) : null}
      {own ? (
        <p class="muted">{t('ownAccount')}</p>
      ) : guarded ? (
        <p class="muted">{t('systemAdminAccount')}</p>
      ) : (
        <>
          <button
            type="button"
            aria-expanded={open}
            aria-controls={`manage-${u.id}`}
            aria-label={t('manageOf', { name: u.displayName })}
            onClick={() => setOpen(!open)}
          >
            {t('manage')}
          </button>
          {open ? <ManagePanel u={u} onChanged={onChanged} /> : null}
        </>
      )}
    </li>
  );
}
