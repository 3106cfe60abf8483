/** Invites an account: email, name, agency (fixed for an agency admin), roles, language; shows the link once. */
import { useState } from 'preact/hooks';
import type { UserDto } from '../../../../shared/dto/user.js';
import { admin } from '../../../../shared/i18n/client/admin.js';
import { common } from '../../../../shared/i18n/client/common.js';
import type { Role } from '../../../../shared/schemas/common.js';
import { fieldErrors } from '../../api/errors.js';
import { inviteUser } from '../../api/users.js';
import { translator } from '../../i18n/index.js';
import { agencies, agencyLabel } from '../../state/agencies.js';
import { currentUser, hasRole } from '../../state/session.js';
import { SelectField, TextField } from '../../ui/Field.js';
import { RequestErrorSummary } from '../../ui/ErrorSummary.js';
import { Notice } from '../../ui/Notice.js';
import { useAction } from '../../ui/useAction.js';
import { agencyOptions, linkExpiry, OneTimeLink } from './parts.js';
import { RolePicker } from './RolePicker.js';

const t = translator(admin);
const tc = translator(common);

/** The API's paths and the fields that show them, in the form's order. */
const FIELDS = [
  ['email', 'invite-email'],
  ['displayName', 'invite-name'],
  ['agencyId', 'invite-agency'],
  ['roles', 'invite-roles'],
  ['language', 'invite-language'],
] as const;

export function InviteForm({ onInvited }: { onInvited: (u: UserDto) => void }) {
  const system = hasRole('system_admin');
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [agencyId, setAgencyId] = useState(system ? '' : (currentUser.value?.agencyId ?? ''));
  const [roles, setRoles] = useState<Role[]>(['officer']);
  const [lang, setLang] = useState<'es' | 'en'>('es');
  const [done, setDone] = useState<{ email: string; token: string; expiresAt: string } | null>(null);
  const { busy, error, run } = useAction();
  const fields = fieldErrors(error);

  const onSubmit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const res = await inviteUser({ email: email.trim(), displayName: displayName.trim(), agencyId, roles, language: lang });
      setDone({ email: res.user.email, token: res.invitationToken, expiresAt: linkExpiry() });
      setEmail('');
      setDisplayName('');
      onInvited(res.user);
    });
  };

  return (
    <div class="card invite">
      <h3 class="h3">{t('inviteTitle')}</h3>
      {done ? (
        <Notice kind="success">
          <p>{t('inviteDone', { email: done.email })}</p>
          <OneTimeLink label={t('inviteLink')} token={done.token} path="/invitation" expiresAt={done.expiresAt} />
        </Notice>
      ) : null}
      <RequestErrorSummary error={error} fields={[...FIELDS]} />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          id="invite-email"
          label={t('email')}
          type="email"
          autocomplete="off"
          value={email}
          onValue={setEmail}
          error={fields.email}
          required
        />
        <TextField
          id="invite-name"
          label={t('displayName')}
          autocomplete="off"
          value={displayName}
          onValue={setDisplayName}
          error={fields.displayName}
          required
        />
        {system ? (
          <SelectField
            id="invite-agency"
            label={t('agency')}
            value={agencyId}
            onValue={setAgencyId}
            options={agencyOptions(true)}
            empty="—"
            error={fields.agencyId}
            required
          />
        ) : (
          <p>
            {t('agency')}: {agencyLabel(agencyId)}
          </p>
        )}
        <RolePicker id="invite-roles" value={roles} onValue={setRoles} agency={agencies.value.get(agencyId)} error={fields.roles} />
        <SelectField
          id="invite-language"
          label={t('language')}
          value={lang}
          onValue={(v) => setLang(v === 'en' ? 'en' : 'es')}
          error={fields.language}
          options={[
            ['es', tc('languageEs')],
            ['en', tc('languageEn')],
          ]}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy || roles.length === 0}>
            {t('sendInvite')}
          </button>
          {roles.length === 0 ? <span class="field-hint">{t('chooseRoles')}</span> : null}
        </div>
      </form>
    </div>
  );
}
