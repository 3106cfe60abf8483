/**
 * My account, for everyone: own details, language and time zone (kept on the account), password
 * change, MFA re-enrolment (password and a code from the new app; else an admin's reset),
 * sign out here or everywhere.
 */
import { useEffect, useState } from 'preact/hooks';
import type { MfaSetupResponse } from '../../../../shared/dto/user.js';
import { account } from '../../../../shared/i18n/client/account.js';
import { auth } from '../../../../shared/i18n/client/auth.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { LIMITS } from '../../../../shared/schemas/limits.js';
import { changePassword, replaceMfa, updatePreferences } from '../../api/account.js';
import { enableMfa, setupMfa } from '../../api/auth.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import { ApiRequestError } from '../../api/http.js';
import { language, pluralTranslator, setLanguage, translator } from '../../i18n/index.js';
import { COUNTRY_ZONES, viewerZone, zoneName } from '../../i18n/dates.js';
import { agencyLabel } from '../../state/agencies.js';
import { disablePush, enablePush, pushState, refreshPushState } from '../../live/pushDevice.js';
import { signOut, signOutEverywhere } from '../../state/lifecycle.js';
import { confinedToStatistics, currentUser, session } from '../../state/session.js';
import { SelectField, TextField } from '../../ui/Field.js';
import { ErrorSummary, summaryItems } from '../../ui/ErrorSummary.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { estimateStrength } from '../auth/passwordStrength.js';
import { useAction } from '../../ui/useAction.js';
import { ConfirmAction, roleWord, Section } from '../admin/parts.js';

const t = translator(account);
const ta = translator(auth);
const tap = pluralTranslator(auth);
const tc = translator(common);

/** Zones offered: the device's own (empty), both countries', Buenos Aires and UTC, and the saved one. */
function zoneOptions(saved: string | null): Array<readonly [string, string]> {
  const zones = new Set(['America/Argentina/Buenos_Aires', COUNTRY_ZONES.AR, COUNTRY_ZONES.PY, 'UTC']);
  if (saved) zones.add(saved);
  return [['', t('timeZoneBrowser', { zone: zoneName(viewerZone()) })], ...[...zones].map((z) => [z, zoneName(z)] as const)];
}

function Preferences() {
  const user = currentUser.value;
  // Starts at the language on screen, so saving keeps what the user reads (the device's choice may differ from the account's).
  const [lang, setLang] = useState<'es' | 'en'>(language.value);
  // The header's switch changes the language on screen: the select follows it.
  const onScreen = language.value;
  useEffect(() => setLang(onScreen), [onScreen]);
  const [zone, setZone] = useState(user?.timeZone ?? '');
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const fields = fieldErrors(error);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        void run(async () => {
          const res = await updatePreferences({ language: lang, timeZone: zone || null });
          if (session.value) session.value = { ...session.value, user: res.user };
          setLanguage(res.user.language);
          setSaved(true);
        });
      }}
    >
      {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
      {saved ? <Notice kind="success">{t('preferencesSaved')}</Notice> : null}
      <SelectField
        id="pref-language"
        label={t('language')}
        value={lang}
        onValue={(v) => setLang(v === 'en' ? 'en' : 'es')}
        options={[
          ['es', tc('languageEs')],
          ['en', tc('languageEn')],
        ]}
        error={fields.language}
      />
      <SelectField
        id="pref-zone"
        label={t('timeZone')}
        value={zone}
        onValue={setZone}
        options={zoneOptions(user?.timeZone ?? null)}
        hint={t('timeZoneHint')}
        error={fields.timeZone}
      />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {t('savePreferences')}
        </button>
      </div>
    </form>
  );
}

function PasswordChange() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  const fields = fieldErrors(error);
  const strength = estimateStrength(next);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setDone(false);
        setMismatch(next !== repeat);
        if (next !== repeat) return;
        void run(async () => {
          await changePassword(current, next);
          setCurrent('');
          setNext('');
          setRepeat('');
          setDone(true);
        });
      }}
    >
      <ErrorSummary
        message={error ? errorText(error) : null}
        items={summaryItems({ ...fields, repeat: mismatch ? ta('passwordsDiffer') : undefined }, [
          ['currentPassword', 'pw-current'],
          ['newPassword', 'pw-new'],
          ['repeat', 'pw-repeat'],
        ])}
      />
      {done ? <Notice kind="success">{t('passwordChanged')}</Notice> : null}
      <TextField
        id="pw-current"
        label={t('currentPassword')}
        type="password"
        autocomplete="current-password"
        value={current}
        onValue={setCurrent}
        error={fields.currentPassword}
        required
      />
      <TextField
        id="pw-new"
        label={ta('newPassword')}
        type="password"
        autocomplete="new-password"
        minLength={LIMITS.password.min}
        value={next}
        onValue={setNext}
        error={fields.newPassword}
        required
        hint={
          <>
            {ta('passwordRules')}{' '}
            <span aria-live="polite">
              {next ? ta('strength', { level: ta(`strength${strength.score}`) }) : ''}
              {strength.missing > 0 && next ? ` ${tap('tooShort', strength.missing)}` : ''}
            </span>
          </>
        }
      />
      <TextField
        id="pw-repeat"
        label={ta('confirmPassword')}
        type="password"
        autocomplete="new-password"
        value={repeat}
        onValue={setRepeat}
        error={mismatch ? ta('passwordsDiffer') : undefined}
        required
      />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {t('changePassword')}
        </button>
      </div>
    </form>
  );
}

/** A 6-digit TOTP code field. */
const CodeField = (p: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onValue: (v: string) => void;
  error?: string | undefined;
}) => <TextField {...p} inputMode="numeric" autocomplete="one-time-code" maxLength={6} required />;

function MfaReenrol() {
  const user = currentUser.value;
  const [setup, setSetup] = useState<MfaSetupResponse | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [currentCode, setCurrentCode] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  const fields = fieldErrors(error);
  return (
    <>
      <p>{t(user?.mfaEnabled ? 'mfaOn' : 'mfaOff')}</p>
      <ErrorSummary
        message={error ? errorText(error) : null}
        items={summaryItems(fields, [
          ['currentCode', 're-current'],
          ['code', 're-code'],
          ['password', 're-password'],
        ])}
      />
      {done ? <Notice kind="success">{t('reenrolDone')}</Notice> : null}
      {!setup ? (
        <div class="actions">
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setDone(false);
              void run(async () => setSetup(await setupMfa()));
            }}
          >
            {t('reenrol')}
          </button>
        </div>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              const digits = (v: string) => v.replace(/\s/g, '');
              if (user?.mfaEnabled) await replaceMfa(digits(code), password, digits(currentCode));
              else await enableMfa(digits(code), password);
              if (session.value) session.value = { ...session.value, user: { ...session.value.user, mfaEnabled: true } };
              setSetup(null);
              setCode('');
              setCurrentCode('');
              setPassword('');
              setDone(true);
            });
          }}
        >
          <p>{t('reenrolIntro')}</p>
          <div class="mfa-setup">
            <img class="qr" src={setup.qrDataUrl} width={240} height={240} alt={ta('enrolQrAlt')} />
            <p>
              {ta('enrolSecret')}{' '}
              <code class="secret" data-testid="mfa-secret">
                {setup.secret.replace(/(.{4})/g, '$1 ').trim()}
              </code>
            </p>
          </div>
          {user?.mfaEnabled ? (
            <CodeField
              id="re-current"
              label={t('currentCode')}
              hint={t('currentCodeHint')}
              value={currentCode}
              onValue={setCurrentCode}
              error={fields.currentCode}
            />
          ) : null}
          <CodeField id="re-code" label={t('newCode')} value={code} onValue={setCode} error={fields.code} />
          <TextField
            id="re-password"
            label={t('currentPassword')}
            type="password"
            autocomplete="current-password"
            value={password}
            onValue={setPassword}
            error={fields.password}
            required
          />
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>
              {t('reenrolSubmit')}
            </button>
            <button type="button" onClick={() => setSetup(null)}>
              {tc('cancel')}
            </button>
          </div>
        </form>
      )}
      <p class="field-hint">{t('lostDevice')}</p>
    </>
  );
}

/** Opt-in to Web Push for this device (issue 24 item 4). */
function DeviceNotifications() {
  const state = pushState.value;
  const { busy, error, run } = useAction();
  useEffect(() => {
    void refreshPushState().catch(() => undefined);
  }, []);
  const status: Record<typeof state, string | null> = {
    unknown: null,
    unsupported: t('pushUnsupported'),
    denied: t('pushDenied'),
    off: t('pushOff'),
    on: t('pushOn'),
  };
  return (
    <>
      <p>{t('pushIntro')}</p>
      {error ? <Notice kind="error">{error instanceof ApiRequestError ? errorText(error) : t('pushFailed')}</Notice> : null}
      {status[state] ? (
        <Notice kind={state === 'on' ? 'success' : state === 'off' ? 'info' : 'warning'}>
          <span data-testid="push-state" data-state={state}>
            {status[state]}
          </span>
        </Notice>
      ) : null}
      <div class="actions">
        {state === 'off' ? (
          <button type="button" class="primary" disabled={busy} onClick={() => void run(enablePush)}>
            {t('pushEnable')}
          </button>
        ) : null}
        {state === 'on' ? (
          <button type="button" disabled={busy} onClick={() => void run(disablePush)}>
            {t('pushDisable')}
          </button>
        ) : null}
      </div>
      {state === 'on' ? <p class="field-hint">{t('pushSignOutNote')}</p> : null}
    </>
  );
}

function Sessions() {
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
      <div class="actions">
        <button type="button" onClick={() => void signOut()}>
          {t('signOutHere')}
        </button>
        <ConfirmAction
          danger
          label={t('signOutEverywhere')}
          question={t('confirmEverywhere')}
          onConfirm={async () => {
            try {
              await signOutEverywhere();
            } catch (err) {
              setError(err);
            }
          }}
        />
      </div>
    </>
  );
}

export function AccountScreen() {
  const user = currentUser.value;
  if (!user) return null;
  // The statistics seat reads no agency list and gets no push (issue 29: confined to its tables).
  const statisticsOnly = confinedToStatistics(user);
  return (
    <section class="account">
      <ScreenHeading title={t('title')} />
      <Section title={t('profile')} id="acc-profile">
        <dl class="facts compact">
          <dt>{t('name')}</dt>
          <dd>{user.displayName}</dd>
          <dt>{t('email')}</dt>
          <dd class="break">{user.email}</dd>
          {statisticsOnly ? null : (
            <>
              <dt>{t('agency')}</dt>
              <dd>{agencyLabel(user.agencyId)}</dd>
            </>
          )}
          <dt>{t('roles')}</dt>
          <dd>{user.roles.map(roleWord).join(', ')}</dd>
        </dl>
      </Section>
      <Section title={t('preferences')} id="acc-prefs">
        <Preferences />
      </Section>
      <Section title={t('password')} id="acc-password">
        <PasswordChange />
      </Section>
      <Section title={t('mfa')} id="acc-mfa">
        <MfaReenrol />
      </Section>
      {statisticsOnly ? null : (
        <Section title={t('push')} id="acc-push">
          <DeviceNotifications />
        </Section>
      )}
      <Section title={t('sessions')} id="acc-sessions">
        <Sessions />
      </Section>
    </section>
  );
}
