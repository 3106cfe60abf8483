/** Screen group "admin", loaded on demand: accounts, audit trail, agencies (system admins), reminders. */
import { useLocation } from 'preact-iso';
import { admin } from '../../../../shared/i18n/client/admin.js';
import { translator } from '../../i18n/index.js';
import { hasRole } from '../../state/session.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { AccountsScreen } from './AccountsScreen.js';
import { AgenciesScreen } from './AgenciesScreen.js';
import { AuditEventScreen, AuditScreen } from './AuditScreen.js';
import { RemindersScreen } from './RemindersScreen.js';
import { SubjectRequestScreen, SubjectRequestsScreen } from './SubjectRequestsScreen.js';
import { privacy } from '../../../../shared/i18n/client/privacy.js';

const t = translator(admin);
const tp = translator(privacy);

function AdminHome() {
  const system = hasRole('system_admin');
  const sections: Array<[string, string, string]> = [
    ['/admin/accounts', t('navAccounts'), t(system ? 'accountsIntroSystem' : 'accountsIntro')],
    ['/admin/audit', t('navAudit'), t('auditIntro')],
    ...(system
      ? ([
          ['/admin/agencies', t('navAgencies'), t('agenciesIntro')],
          ['/admin/subject-requests', tp('navRequests'), tp('intro')],
        ] as Array<[string, string, string]>)
      : []),
    ['/admin/reminders', t('navReminders'), t('remindersIntro')],
  ];
  return (
    <section class="admin">
      <ScreenHeading title={t('title')} />
      <p>{t('intro')}</p>
      <ul class="plain admin-home">
        {sections.map(([href, label, text]) => (
          <li key={href} class="card">
            <a href={href} class="h3">
              {label}
            </a>
            <p>{text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function NotAllowed() {
  return (
    <section class="admin">
      <ScreenHeading title={t('title')} />
      <p>{t('notAllowed')}</p>
    </section>
  );
}

/**
 * The area's own dispatch on the full path: the app routes it as `/admin/:rest*`, which gives a
 * nested preact-iso <Router> an empty path, so the sections are chosen here.
 */
export function AdminArea() {
  const { path } = useLocation();
  const section = path.replace(/\/+$/, '').split('/')[2] ?? '';
  // Reminders are the agency's, for everyone who may review its alerts, not only administrators.
  if (section === 'reminders' && (hasRole('officer') || hasRole('prosecutor'))) return <RemindersScreen />;
  if (!hasRole('agency_admin') && !hasRole('system_admin')) return <NotAllowed />;
  const seq = /^\/admin\/audit\/(\d+)$/.exec(path)?.[1];
  if (section === 'accounts') return <AccountsScreen />;
  if (section === 'audit') return seq ? <AuditEventScreen seq={Number(seq)} /> : <AuditScreen />;
  if (section === 'agencies') return hasRole('system_admin') ? <AgenciesScreen /> : <NotAllowed />;
  if (section === 'subject-requests') {
    if (!hasRole('system_admin')) return <NotAllowed />;
    const requestId = /^\/admin\/subject-requests\/([a-f0-9]{24})$/.exec(path)?.[1];
    return requestId ? <SubjectRequestScreen id={requestId} /> : <SubjectRequestsScreen />;
  }
  if (section === 'reminders') return <RemindersScreen />;
  return <AdminHome />;
}
