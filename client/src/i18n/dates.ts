/**
 * Dates and times with Intl, in the viewer's time zone; when the other country's wall-clock
 * time differs (e.g. a viewer abroad, or if a zone rule changes), it is shown too.
 */
import type { Country } from '../../../shared/schemas/common.js';
import { currentUser } from '../state/session.js';
import { language } from './index.js';

import { COUNTRY_ZONES, zoneName as sharedZoneName } from '../../../shared/time.js';

export { COUNTRY_ZONES };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: string, timeZone: string | undefined, withDate: boolean): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone ?? ''}|${withDate}`;
  let f = formatters.get(key);
  if (!f) {
    const locale = lang === 'es' ? 'es-AR' : 'en-GB';
    f = new Intl.DateTimeFormat(locale, {
      ...(withDate ? { day: '2-digit', month: '2-digit', year: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      // Police logs use the 24-hour clock; es-AR would otherwise say "6:05 p. m.".
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** The viewer's time zone as the browser reports it. */
export const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A time zone in words ("Hora de Paraguay") in the screen's language, never its IANA id. */
export function zoneName(zone: string): string {
  return sharedZoneName(zone, language.value);
}

export interface FormattedTime {
  local: string;
  /** The other country's time and its country, when it differs from the viewer's. */
  other: { time: string; country: Country } | null;
}

/** Formats an ISO instant for a viewer of `viewerCountry` (the other country is the one across the border). */
export function formatInstant(iso: string, viewerCountry: Country | null, withDate = true): FormattedTime {
  const at = new Date(iso);
  const lang = language.value;
  // The zone chosen in My account, else the device's own.
  const zone = currentUser.value?.timeZone ?? undefined;
  const local = formatter(lang, zone, withDate).format(at);
  const otherCountry: Country = viewerCountry === 'PY' ? 'AR' : 'PY';
  const localTime = formatter(lang, zone, false).format(at);
  const otherTime = formatter(lang, COUNTRY_ZONES[otherCountry], false).format(at);
  return { local, other: otherTime === localTime ? null : { time: otherTime, country: otherCountry } };
}

/** A calendar date (YYYY-MM-DD) in the viewer's language, without time-zone shifts. */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  const at = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  return new Intl.DateTimeFormat(language.value === 'es' ? 'es-AR' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(at);
}

/** "in 3 h 20 min" / "hace 5 min" style relative text for deadlines. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const diffMin = Math.round((new Date(iso).getTime() - now) / 60_000);
  const rtf = new Intl.RelativeTimeFormat(language.value, { numeric: 'auto' });
  if (Math.abs(diffMin) < 60) return rtf.format(diffMin, 'minute');
  const diffH = Math.round(diffMin / 60);
  if (Math.abs(diffH) < 48) return rtf.format(diffH, 'hour');
  return rtf.format(Math.round(diffH / 24), 'day');
}
