/**
 * Restricted role grants waiting for a system admin (a prosecutor role asked by an agency admin):
 * system admins approve (the account's sessions end) or refuse; agency admins see what waits.
 */
import { useState } from 'preact/hooks';
import type { RoleGrantDto } from '../../../../shared/dto/admin.js';
import { admin } from '../../../../shared/i18n/client/admin.js';
import { errorText } from '../../api/errors.js';
import { decideRoleGrant, listRoleGrants } from '../../api/users.js';
import { translator } from '../../i18n/index.js';
import { agencyLabel } from '../../state/agencies.js';
import { hasRole } from '../../state/session.js';
import { Notice } from '../../ui/Notice.js';
import { Time } from '../../ui/Time.js';
import { usePaged } from './hooks.js';
import { ConfirmAction, LoadMore, roleWord } from './parts.js';

const t = translator(admin);

export function RoleGrants({ refreshKey, onDecided }: { refreshKey: number; onDecided: () => void }) {
  const list = usePaged((cursor) => listRoleGrants(cursor), refreshKey);
  const { items, setItems } = list;
  const [error, setError] = useState<unknown>(null);
  const [said, setSaid] = useState<string | null>(null);
  const decide = async (g: RoleGrantDto, decision: 'approve' | 'refuse') => {
    setError(null);
    try {
      await decideRoleGrant(g.userId, decision);
      setItems((prev) => prev?.filter((x) => x.userId !== g.userId) ?? null);
      setSaid(t(decision === 'approve' ? 'grantApproved' : 'grantRefused', { name: g.displayName }));
      onDecided();
    } catch (err) {
      setError(err);
    }
  };
  if (!items?.length && !said && !error && !list.error) return null;
  const system = hasRole('system_admin');
  return (
    <section aria-labelledby="grants-h" class="admin-section">
      <h2 id="grants-h">{t('grantsTitle')}</h2>
      <p>{t(system ? 'grantsIntroSystem' : 'grantsIntro')}</p>
      {error || list.error ? <Notice kind="error">{errorText(error ?? list.error)}</Notice> : null}
      {said ? <Notice kind="success">{said}</Notice> : null}
      <ul class="plain account-list" data-testid="role-grants">
        {(items ?? []).map((g) => (
          <li key={g.userId} class="card" data-email={g.email}>
            <h3 class="h3">{g.displayName}</h3>
            <p class="break">
              {g.email} · {agencyLabel(g.agencyId)}
            </p>
            <p>{t('grantFromTo', { from: g.currentRoles.map(roleWord).join(', ') || '—', to: g.roles.map(roleWord).join(', ') })}</p>
            <p class="muted">
              {t('grantAsked')} <Time iso={g.requestedAt} />
            </p>
            {system ? (
              <div class="actions">
                <ConfirmAction
                  label={t('grantApprove')}
                  question={t('confirmGrant', { name: g.displayName })}
                  onConfirm={() => decide(g, 'approve')}
                />
                <button type="button" onClick={() => void decide(g, 'refuse')}>
                  {t('grantRefuse')}
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <LoadMore next={list.next} busy={list.busy} onMore={list.more} />
    </section>
  );
}
