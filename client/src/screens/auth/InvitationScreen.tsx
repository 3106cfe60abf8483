/**
 * Invitation acceptance and password reset (the same API step): the token comes in the link's
 * fragment (#…), which the browser never sends to a server or in a Referer. The page first asks
 * whom the link is for and names the account and agency; a link that opens nothing says so
 * before any password is typed.
 */
import { signal } from '@preact/signals';
import { useLocation } from 'preact-iso';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { InvitationLookupResponse } from '../../../../shared/dto/user.js';
import { auth } from '../../../../shared/i18n/client/auth.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { LIMITS } from '../../../../shared/schemas/limits.js';
import { acceptInvitation, lookUpInvitation } from '../../api/auth.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import { pluralTranslator, translator } from '../../i18n/index.js';
import { TextField } from '../../ui/Field.js';
import { ErrorSummary, summaryItems } from '../../ui/ErrorSummary.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { estimateStrength } from './passwordStrength.js';

const t = translator(auth);
const tp = pluralTranslator(auth);
const tc = translator(common);

type Invitation = InvitationLookupResponse['invitation'];

/** Whom the link is for: the account's e-mail and its agency. */
function LinkOwner({ invitation }: { invitation: Invitation }) {
  const { agency } = invitation;
  return (
    <div class="invitation-for" data-testid="invitation-for">
      <p>{t(invitation.purpose === 'reset' ? 'resetFor' : 'invitationFor')}</p>
      <dl>
        <dt>{t('invitationAccount')}</dt>
        <dd data-testid="invitation-email">{invitation.email}</dd>
        <dt>{t('invitationAgency')}</dt>
        <dd data-testid="invitation-agency">
          {t('agencyWithCountry', {
            name: agency.name,
            shortName: agency.shortName,
            country: tc(agency.country === 'AR' ? 'countryAR' : 'countryPY'),
          })}
        </dd>
      </dl>
    </div>
  );
}

/**
 * The link's owner; 'invalid' when the server says the token opens nothing; 'unknown' when it
 * could not be asked (no connection, rate limit): the form stays usable, acceptance decides.
 */
function useInvitation(token: string): Invitation | 'invalid' | 'unknown' | null {
  const [found, setFound] = useState<Invitation | 'invalid' | 'unknown' | null>(null);
  useEffect(() => {
    if (token.length < 20) return;
    lookUpInvitation(token).then(
      (res) => setFound(res.invitation),
      (err: unknown) => {
        setFound(fieldErrors(err).token !== undefined ? 'invalid' : 'unknown');
      },
    );
  }, [token]);
  return found;
}

/** The email of an account that just set its password, to fill the sign-in form (memory only). */
export const justActivatedEmail = signal<string>('');

const tokenFromFragment = () => decodeURIComponent(window.location.hash.replace(/^#/, '')).trim();

export function InvitationScreen() {
  const { path, route } = useLocation();
  const isReset = path === '/reset';
  const token = useMemo(tokenFromFragment, []);
  const invitation = useInvitation(token);
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const strength = estimateStrength(password);
  const fields = fieldErrors(error);
  const tokenProblem = fields.token !== undefined;

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setBusy(true);
    setError(null);
    try {
      const res = await acceptInvitation(token, password, displayName.trim() || undefined);
      justActivatedEmail.value = res.user.email;
      route('/sign-in?activated=1', true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (token.length < 20 || invitation === 'invalid') {
    return (
      <section class="card">
        <ScreenHeading title={t(isReset ? 'resetTitle' : 'invitationTitle')} />
        <Notice kind="error">{t(invitation === 'invalid' ? 'tokenInvalid' : 'missingToken')}</Notice>
      </section>
    );
  }

  return (
    <section class="card">
      <ScreenHeading title={t(isReset ? 'resetTitle' : 'invitationTitle')} />
      {invitation === null ? (
        <p class="muted">{t('checkingLink')}</p>
      ) : invitation === 'unknown' ? null : (
        <LinkOwner invitation={invitation} />
      )}
      <p>{t('invitationIntro')}</p>
      <ErrorSummary
        message={error ? (tokenProblem ? t('tokenInvalid') : errorText(error)) : null}
        items={summaryItems({ ...fields, confirm: mismatch ? t('passwordsDiffer') : undefined }, [
          ['displayName', 'inv-name'],
          ['password', 'inv-password'],
          ['confirm', 'inv-confirm'],
        ])}
      />
      <form onSubmit={onSubmit} noValidate>
        {/* Lets a password manager save the new password under the right account. */}
        {invitation && invitation !== 'unknown' ? (
          <input type="email" name="username" autocomplete="username" value={invitation.email} readOnly hidden />
        ) : null}
        {!isReset ? (
          <TextField
            id="inv-name"
            label={t('displayName')}
            error={fields.displayName}
            name="displayName"
            autocomplete="name"
            maxLength={LIMITS.displayName}
            value={displayName}
            onValue={setDisplayName}
          />
        ) : null}
        <TextField
          id="inv-password"
          label={t('newPassword')}
          required
          error={fields.password}
          hint={
            <>
              <span>{t('passwordRules')}</span>{' '}
              <meter min={0} max={4} low={2} high={3} optimum={4} value={strength.score} aria-hidden="true" />{' '}
              <span data-testid="strength" aria-live="polite">
                {t('strength', { level: t(`strength${strength.score}`) })}
                {strength.missing > 0 && password ? ` ${tp('tooShort', strength.missing)}` : ''}
              </span>
            </>
          }
          name="password"
          type="password"
          autocomplete="new-password"
          minLength={LIMITS.password.min}
          value={password}
          onValue={setPassword}
        />
        <TextField
          id="inv-confirm"
          label={t('confirmPassword')}
          required
          error={mismatch ? t('passwordsDiffer') : undefined}
          name="confirm"
          type="password"
          autocomplete="new-password"
          value={confirm}
          onValue={setConfirm}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {t('setPassword')}
          </button>
        </div>
      </form>
    </section>
  );
}
