/** Pieces the administration screens share: the section navigation, confirmations, one-time links, role words. */
import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { admin } from '../../../../shared/i18n/client/admin.js';
import { privacy } from '../../../../shared/i18n/client/privacy.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { domain } from '../../../../shared/i18n/client/domain.js';
import type { Role } from '../../../../shared/schemas/common.js';
import { translator } from '../../i18n/index.js';
import { agencies } from '../../state/agencies.js';
import { hasRole } from '../../state/session.js';
import { NavLinks } from '../../ui/NavLinks.js';
import { Time } from '../../ui/Time.js';

const t = translator(admin);
const td = translator(domain);
const tc = translator(common);

export const roleWord = (r: Role) => td(`userRole_${r}`);

/** Links to the sections of the area (agencies only for system admins). */
export function AdminNav() {
  const { path } = useLocation();
  // Officers reach the reminders too; the other sections are administrators' only.
  if (!hasRole('agency_admin') && !hasRole('system_admin')) return null;
  const items: Array<[string, string]> = [
    ['/admin/accounts', t('navAccounts')],
    ['/admin/audit', t('navAudit')],
    ...(hasRole('system_admin')
      ? ([
          ['/admin/agencies', t('navAgencies')],
          ['/admin/subject-requests', translator(privacy)('navRequests')],
        ] as Array<[string, string]>)
      : []),
    ['/admin/reminders', t('navReminders')],
  ];
  return (
    <NavLinks
      class="area-nav"
      label={t('adminNav')}
      links={items.map(([href, label]) => ({ href, label, current: path.startsWith(href) }))}
    />
  );
}

/**
 * A button whose action first asks, in words, what will happen (e.g. that someone's sessions end);
 * the confirm button takes focus, Cancel returns to the first button.
 */
export function ConfirmAction(props: {
  label: string;
  question: string;
  onConfirm: () => Promise<void> | void;
  disabled?: boolean;
  danger?: boolean;
  testId?: string;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  if (!asking)
    return (
      <button
        type="button"
        class={props.danger ? 'danger' : undefined}
        disabled={props.disabled}
        data-testid={props.testId}
        onClick={() => setAsking(true)}
      >
        {props.label}
      </button>
    );
  return (
    <div class="confirm" role="group" aria-label={props.label}>
      <p>{props.question}</p>
      <div class="actions">
        <button
          ref={confirmRef}
          type="button"
          class={props.danger ? 'danger primary' : 'primary'}
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await props.onConfirm();
            } finally {
              setBusy(false);
              setAsking(false);
            }
          }}
        >
          {t('confirm')}: {props.label}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          {tc('cancel')}
        </button>
      </div>
    </div>
  );
}

/** A link shown once (invitation or reset): read-only, selectable, with a copy button and its expiry. */
export function OneTimeLink({
  label,
  token,
  path,
  expiresAt,
}: {
  label: string;
  token: string;
  path: '/invitation' | '/reset';
  expiresAt: string;
}) {
  const url = `${window.location.origin}${path}#${token}`;
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const id = `link-${path.slice(1)}`;
  return (
    <div class="one-time-link" data-testid="one-time-link">
      <label for={id}>{label}</label>
      <input id={id} type="text" readOnly value={url} aria-describedby={`${id}-hint`} onFocus={(e) => e.currentTarget.select()} />
      <p id={`${id}-hint`} class="field-hint">
        {t('linkOnce')} {t('linkExpires')} <Time iso={expiresAt} />
      </p>
      <div class="actions">
        <button
          type="button"
          onClick={() =>
            navigator.clipboard.writeText(url).then(
              () => setCopied('yes'),
              () => setCopied('no'),
            )
          }
        >
          {t('copy')}
        </button>
        <span role="status">{copied === 'yes' ? t('copied') : copied === 'no' ? t('copyFailed') : ''}</span>
      </div>
    </div>
  );
}

/** Hours an invitation or reset link stays valid (server: INVITATION_HOURS in server/identity/users/authTokens.ts). */
export const LINK_HOURS = 72;
export const linkExpiry = () => new Date(Date.now() + LINK_HOURS * 3600_000).toISOString();

export function Section({ title, id, children }: { title: string; id: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={id} class="admin-section">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** "Load more" under a paged list, while the API has a next page. */
export function LoadMore({ next, busy, onMore }: { next: string | null; busy: boolean; onMore: () => unknown }) {
  if (!next) return null;
  return (
    <div class="actions">
      <button type="button" disabled={busy} onClick={() => void onMore()}>
        {busy ? tc('loading') : tc('loadMore')}
      </button>
    </div>
  );
}

/** Agencies of both countries as select options, by country then name ("Name (AR)"). */
export function agencyOptions(activeOnly = false): Array<readonly [string, string]> {
  return [...agencies.value.values()]
    .filter((a) => a.active || !activeOnly)
    .sort((a, b) => a.country.localeCompare(b.country) || a.name.localeCompare(b.name))
    .map((a) => [a.id, `${a.name} (${a.country})`] as const);
}
