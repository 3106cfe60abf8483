/** Turns an ApiRequestError into text in the user's language, and field errors keyed by path. */
import { ERROR_MESSAGES } from '../../../shared/i18n/messages.js';
import { common } from '../../../shared/i18n/client/common.js';
import { fieldMessageIn } from '../../../shared/i18n/fieldMessages.js';
import { language, translator } from '../i18n/index.js';
import { ApiRequestError } from './http.js';

const t = translator(common);

function timeIn(seconds: number): string {
  const at = new Date(Date.now() + seconds * 1000);
  return new Intl.DateTimeFormat(language.value === 'es' ? 'es-AR' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/** The sentence to show for a failed request. */
export function errorText(err: unknown): string {
  if (!(err instanceof ApiRequestError)) return ERROR_MESSAGES.internal[language.value];
  if (err.code === 'network') return t('errorNetwork');
  const base = ERROR_MESSAGES[err.code][language.value];
  if (err.code === 'account_locked' && err.retryAfterSec) return `${base} ${t('lockedUntil', { time: timeIn(err.retryAfterSec) })}`;
  if (err.code === 'rate_limited' && err.retryAfterSec)
    return `${base} ${t('retryAfter', { minutes: Math.max(1, Math.ceil(err.retryAfterSec / 60)) })}`;
  return base;
}

/** A field message in the user's language (shared/i18n/fieldMessages.ts). */
export function fieldMessage(message: string): string {
  return fieldMessageIn(message, language.value);
}

/** Field errors by path ("subjects.0.documents.1.number"), for the fields the API names. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiRequestError)) return {};
  const out: Record<string, string> = {};
  for (const d of err.details) if (d.path && !out[d.path]) out[d.path] = fieldMessage(d.message);
  return out;
}
