/** An instant in the viewer's zone, with the other country's time where it differs. */
import { translator } from '../i18n/index.js';
import { formatInstant } from '../i18n/dates.js';
import { currentUser } from '../state/session.js';
import { common } from '../../../shared/i18n/client/common.js';

const t = translator(common);

export function Time({ iso, withDate = true }: { iso: string; withDate?: boolean }) {
  const f = formatInstant(iso, currentUser.value?.country ?? null, withDate);
  return (
    <time dateTime={iso}>
      {f.local}
      {f.other ? (
        <span class="other-time">
          {' '}
          ({t('otherCountryTime', { time: f.other.time, country: t(f.other.country === 'AR' ? 'countryAR' : 'countryPY') })})
        </span>
      ) : null}
    </time>
  );
}
