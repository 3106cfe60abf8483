/**
 * Accounts: agency admins see their agency's, system admins every agency's (or one). Filters
 * by role, status, lock, MFA, last sign-in and coming inactivity; pages with the API's cursor.
 */
import { useState } from 'preact/hooks';
import type { UserListItemDto } from '../../../../shared/dto/admin.js';
import { admin } from '../../../../shared/i18n/client/admin.js';
import { ROLES } from '../../../../shared/schemas/adminEnums.js';
import { DAY_MS } from '../../../../shared/time.js';
import { errorText } from '../../api/errors.js';
import { listUsers, type UserFilters } from '../../api/users.js';
import { translator } from '../../i18n/index.js';
import { hasRole } from '../../state/session.js';
import { SelectField } from '../../ui/Field.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { AccountCard } from './AccountCard.js';
import { InviteForm } from './InviteForm.js';
import { usePaged } from './hooks.js';
import { AdminNav, agencyOptions, LoadMore, roleWord } from './parts.js';
import { RoleGrants } from './RoleGrants.js';

const t = translator(admin);

interface FormFilters {
  agencyId: string;
  role: string;
  status: string;
  locked: string;
  mfa: string;
  lastSignIn: string;
  inactiveSoon: string;
}
const EMPTY: FormFilters = { agencyId: '', role: '', status: '', locked: '', mfa: '', lastSignIn: '', inactiveSoon: '' };

/** The form's choices as the API's query (dates computed at the moment of asking). */
function toQuery(f: FormFilters): UserFilters {
  const q: UserFilters = {};
  if (f.agencyId) q.agencyId = f.agencyId;
  if (f.role) q.role = f.role;
  if (f.status) q.status = f.status;
  if (f.locked) q.locked = f.locked;
  if (f.mfa) q.mfa = f.mfa;
  const daysAgo = (d: number) => new Date(Date.now() - d * DAY_MS).toISOString();
  if (f.lastSignIn === '7' || f.lastSignIn === '30') q.lastLoginFrom = daysAgo(Number(f.lastSignIn));
  if (f.lastSignIn === 'older') q.lastLoginTo = daysAgo(30);
  if (f.lastSignIn === 'never') q.neverSignedIn = 'true';
  if (f.inactiveSoon) q.inactiveWithinDays = f.inactiveSoon;
  return q;
}

function Filters({ value, onApply }: { value: FormFilters; onApply: (f: FormFilters) => void }) {
  const [f, setF] = useState(value);
  const set = (k: keyof FormFilters) => (v: string) => setF({ ...f, [k]: v });
  /** Open while filters apply, so what narrows the list is in view. */
  const active = Object.values(value).some(Boolean);
  return (
    <details class="filters" open={active}>
      <summary>{t('filters')}</summary>
      <form
        aria-label={t('filters')}
        onSubmit={(e) => {
          e.preventDefault();
          onApply(f);
        }}
      >
        <div class="filter-grid">
          {hasRole('system_admin') ? (
            <SelectField
              id="flt-agency"
              label={t('agency')}
              value={f.agencyId}
              onValue={set('agencyId')}
              options={agencyOptions()}
              empty={t('allAgencies')}
            />
          ) : null}
          <SelectField
            id="flt-role"
            label={t('role')}
            value={f.role}
            onValue={set('role')}
            options={ROLES.map((r) => [r, roleWord(r)] as const)}
            empty={t('any')}
          />
          <SelectField
            id="flt-status"
            label={t('status')}
            value={f.status}
            onValue={set('status')}
            options={[
              ['invited', t('status_invited')],
              ['active', t('status_active')],
              ['disabled', t('status_disabled')],
            ]}
            empty={t('any')}
          />
          <SelectField
            id="flt-locked"
            label={t('locked')}
            value={f.locked}
            onValue={set('locked')}
            options={[
              ['true', t('lockedYes')],
              ['false', t('lockedNo')],
            ]}
            empty={t('any')}
          />
          <SelectField
            id="flt-mfa"
            label={t('mfa')}
            value={f.mfa}
            onValue={set('mfa')}
            options={[
              ['true', t('mfaYes')],
              ['false', t('mfaNo')],
            ]}
            empty={t('any')}
          />
          <SelectField
            id="flt-last"
            label={t('lastSignIn')}
            value={f.lastSignIn}
            onValue={set('lastSignIn')}
            options={[
              ['7', t('lastSignIn_7')],
              ['30', t('lastSignIn_30')],
              ['older', t('lastSignIn_older')],
              ['never', t('lastSignIn_never')],
            ]}
            empty={t('any')}
          />
          <SelectField
            id="flt-inactive"
            label={t('inactiveSoon')}
            value={f.inactiveSoon}
            onValue={set('inactiveSoon')}
            options={[
              ['7', t('inactiveSoon_7')],
              ['30', t('inactiveSoon_30')],
            ]}
            empty={t('any')}
          />
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            {t('applyFilters')}
          </button>
          <button
            type="button"
            onClick={() => {
              setF(EMPTY);
              onApply(EMPTY);
            }}
          >
            {t('clearFilters')}
          </button>
        </div>
      </form>
    </details>
  );
}

export function AccountsScreen() {
  const [filters, setFilters] = useState<FormFilters>(EMPTY);
  const [inviting, setInviting] = useState(false);
  /** Bumped when an account changes, so the waiting role grants are read again. */
  const [grantsKey, setGrantsKey] = useState(0);
  const list = usePaged((cursor) => listUsers(toQuery(filters), cursor), JSON.stringify(filters));
  const { items } = list;

  const replace = (u: UserListItemDto) => {
    list.setItems((prev) => prev?.map((x) => (x.id === u.id ? u : x)) ?? null);
    setGrantsKey((k) => k + 1);
  };

  return (
    <section class="admin">
      <ScreenHeading title={t('accountsTitle')} />
      <AdminNav />
      <p>{t(hasRole('system_admin') ? 'accountsIntroSystem' : 'accountsIntro')}</p>
      <div class="actions">
        <button type="button" aria-expanded={inviting} onClick={() => setInviting(!inviting)}>
          {t('invite')}
        </button>
      </div>
      {inviting ? (
        <InviteForm
          onInvited={() => {
            void list.reload();
            setGrantsKey((k) => k + 1);
          }}
        />
      ) : null}
      <RoleGrants refreshKey={grantsKey} onDecided={() => void list.reload()} />
      <Filters value={filters} onApply={setFilters} />
      {list.error ? <Notice kind="error">{errorText(list.error)}</Notice> : null}
      <h2 id="accounts-h">{t('accountsList')}</h2>
      {items === null ? (
        list.error ? null : (
          <p role="status">{t('loadingAccounts')}</p>
        )
      ) : items.length === 0 ? (
        <p role="status">{t('noAccounts')}</p>
      ) : (
        <ul class="plain account-list" aria-labelledby="accounts-h">
          {items.map((u) => (
            <AccountCard key={u.id} u={u} onChanged={replace} />
          ))}
        </ul>
      )}
      <LoadMore next={list.next} busy={list.busy} onMore={list.more} />
    </section>
  );
}
