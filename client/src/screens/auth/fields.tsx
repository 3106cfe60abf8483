/** The two fields every sign-in step asks for again: a TOTP code and the current password. */
import { auth } from '../../../../shared/i18n/client/auth.js';
import { translator } from '../../i18n/index.js';
import { TextField } from '../../ui/Field.js';

const t = translator(auth);

interface StepFieldProps {
  id: string;
  value: string;
  onValue: (v: string) => void;
  error?: string | undefined;
  hint?: string;
}

export const TotpCodeField = (p: StepFieldProps) => (
  <TextField {...p} label={t('mfaCode')} name="code" inputMode="numeric" autocomplete="one-time-code" maxLength={6} required />
);

export const CurrentPasswordField = (p: StepFieldProps) => (
  <TextField {...p} label={t('password')} name="password" type="password" autocomplete="current-password" required />
);
