/** MFA enrolment: the QR code and secret from the API, then the first code and the password. */
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import type { MfaSetupResponse } from '../../../../shared/dto/user.js';
import { auth } from '../../../../shared/i18n/client/auth.js';
import { enableMfa, setupMfa } from '../../api/auth.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import { translator } from '../../i18n/index.js';
import { startSession } from '../../state/lifecycle.js';
import { currentUser } from '../../state/session.js';
import { ErrorSummary, summaryItems } from '../../ui/ErrorSummary.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { CurrentPasswordField, TotpCodeField } from './fields.js';

const t = translator(auth);

/** The secret in groups of four, easier to type. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

export function MfaEnrolmentScreen() {
  const { route } = useLocation();
  const [setup, setSetup] = useState<MfaSetupResponse | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fields = fieldErrors(error);

  useEffect(() => {
    setupMfa().then(setSetup, setError);
  }, []);

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await enableMfa(code.replace(/\s/g, ''), password);
      const user = currentUser.value;
      if (user) void startSession({ ...user, mfaEnabled: true }, false);
      route('/', true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card">
      <ScreenHeading title={t('enrolTitle')} />
      <p>{t('enrolIntro')}</p>
      <ErrorSummary
        message={error ? errorText(error) : null}
        items={summaryItems(fields, [
          ['code', 'enrol-code'],
          ['password', 'enrol-password'],
        ])}
      />
      {setup ? (
        <div class="mfa-setup">
          <img class="qr" src={setup.qrDataUrl} width={240} height={240} alt={t('enrolQrAlt')} />
          {/* On the phone that holds the authenticator app, a QR code cannot be scanned: a tap opens the app. */}
          <p>
            <a class="button" href={setup.otpauthUrl} data-testid="otpauth-link">
              {t('enrolOpenApp')}
            </a>
          </p>
          <p>
            {t('enrolSecret')}{' '}
            <code class="secret" data-testid="mfa-secret">
              {grouped(setup.secret)}
            </code>
          </p>
        </div>
      ) : null}
      <p>{t('enrolConfirm')}</p>
      <form onSubmit={onSubmit} noValidate>
        <TotpCodeField id="enrol-code" error={fields.code} value={code} onValue={setCode} />
        <CurrentPasswordField id="enrol-password" error={fields.password} value={password} onValue={setPassword} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy || !setup}>
            {t('enrolSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
