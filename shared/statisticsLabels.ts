/** How a statistics row is named, in the screen and the CSV alike (issue 29). */
import type { StatisticsCellDto, StatisticsTableId } from './dto/statistics.js';
import { domain } from './i18n/client/domain.js';
import type { Language } from './i18n/client/define.js';
import { statistics } from './i18n/client/statistics.js';

export type StatisticsTitleId = StatisticsTableId | 'byPlace' | 'crossBorderMatches';

export const tableTitle = (id: StatisticsTitleId, lang: Language): string => statistics[lang][`title_${id}`];

const LOCALES: Record<Language, string> = { es: 'es-AR', en: 'en-GB' };

/** A country's name from its ISO code (Argentina, Paraguay, Bolivia…). */
export function countryName(code: string, lang: Language): string {
  if (code === 'AR' || code === 'PY') return domain[lang][`country_${code}`];
  try {
    return new Intl.DisplayNames([LOCALES[lang]], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "marzo" from `2026-03`. */
function monthName(key: string, lang: Language): string {
  const [y, m] = key.split('-').map(Number);
  const name = new Intl.DateTimeFormat(LOCALES[lang], { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, 15)));
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function rowLabel(table: StatisticsTitleId, row: Pick<StatisticsCellDto, 'key' | 'label'>, lang: Language): string {
  const t = statistics[lang];
  if (row.key === 'unknown') return t.unknown;
  switch (table) {
    case 'byKind':
      return domain[lang][`kind_${row.key}` as keyof (typeof domain)['es']] ?? row.key;
    case 'byOutcome':
      return t[`outcome_${row.key}` as keyof typeof t] ?? row.key;
    case 'byMonth':
      return monthName(row.key, lang);
    case 'byNationality':
    case 'firstHit':
    case 'resolution':
    case 'accessGranted':
      return countryName(row.key, lang);
    default:
      return row.label ?? row.key;
  }
}
