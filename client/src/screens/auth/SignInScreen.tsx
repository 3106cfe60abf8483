/** Sign-in: official-use banner (frame), email and password, then the TOTP code when the account has MFA. */
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { auth } from '../../../../shared/i18n/client/auth.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { login, submitMfaCode } from '../../api/auth.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import { translator } from '../../i18n/index.js';
import { startSession, type EndReason } from '../../state/lifecycle.js';
import { TextField } from '../../ui/Field.js';
import { ErrorSummary, summaryItems } from '../../ui/ErrorSummary.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { CurrentPasswordField, TotpCodeField } from './fields.js';
import { justActivatedEmail } from './InvitationScreen.js';

const t = translator(auth);
const tc = translator(common);

const REASON_KEYS: Record<EndReason, Parameters<typeof tc>[0]> = {
  everywhere: 'signedOutEverywhere',
  disabled: 'revokedDisabled',
  logout: 'revokedLogout',
  reset: 'revokedReset',
  roles_changed: 'revokedRolesChanged',
  expired: 'revokedExpired',
  agency_deactivated: 'revokedAgencyDeactivated',
};

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/';
}

export function SignInScreen() {
  const { query, route } = useLocation();
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [email, setEmail] = useState(justActivatedEmail.value);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ended = query.ended as EndReason | undefined;
  const fields = fieldErrors(error);

  const finish = (user: Parameters<typeof startSession>[0], enrol: boolean) => {
    void startSession(user, enrol);
    route(enrol ? '/mfa-setup' : safeNext(query.next), true);
  };

  const onPassword = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await login(email, password);
      setPassword('');
      if ('mfaRequired' in res) setStep('code');
      else finish(res.user, res.mfaEnrolmentRequired);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const onCode = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await submitMfaCode(code.replace(/\s/g, ''));
      finish(res.user, false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (step === 'code') {
    return (
      <section class="card">
        <ScreenHeading title={t('mfaTitle')} />
        <ErrorSummary message={error ? errorText(error) : null} items={summaryItems(fields, [['code', 'mfa-code']])} />
        <form onSubmit={onCode} noValidate>
          <TotpCodeField id="mfa-code" error={fields.code} value={code} onValue={setCode} hint={t('mfaHelp')} />
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>
              {t('verify')}
            </button>
            <button type="button" class="link-button" onClick={() => setStep('password')}>
              {t('backToSignIn')}
            </button>
          </div>
        </form>
      </section>
    );
  }

  return (
    <section class="card">
      <ScreenHeading title={t('signInTitle')} />
      {query.activated ? <Notice kind="success">{t('invitationDone')}</Notice> : null}
      {ended && REASON_KEYS[ended] ? <Notice kind="warning">{tc(REASON_KEYS[ended])}</Notice> : null}
      <ErrorSummary
        message={error ? errorText(error) : null}
        items={summaryItems(fields, [
          ['email', 'signin-email'],
          ['password', 'signin-password'],
        ])}
      />
      <form onSubmit={onPassword} noValidate>
        <TextField
          id="signin-email"
          label={t('email')}
          error={fields.email}
          name="email"
          type="email"
          autocomplete="username"
          required
          value={email}
          onValue={setEmail}
        />
        <CurrentPasswordField id="signin-password" error={fields.password} value={password} onValue={setPassword} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t('signingIn') : t('signIn')}
          </button>
        </div>
      </form>
    </section>
  );
}
