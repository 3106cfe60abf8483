/** Who will see a new alert, in words: the form's preview and the review step's first row. */
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { domain } from '../../../../shared/i18n/client/domain.js';
import { translator } from '../../i18n/index.js';
import { agencies } from '../../state/agencies.js';
import { currentUser } from '../../state/session.js';
import type { AlertDraft } from './draft.js';

const t = translator(dict);
const td = translator(domain);

export function audienceText(d: Pick<AlertDraft, 'scope' | 'agencyIds'>): string {
  const user = currentUser.value;
  const own = user ? agencies.value.get(user.agencyId) : undefined;
  const names = d.agencyIds.map((id) => agencies.value.get(id)?.shortName ?? id);
  if (d.scope === 'agency') return t('previewAgency', { agency: own?.shortName ?? '' });
  if (d.scope === 'country') return t('previewCountry', { country: td(user?.country === 'PY' ? 'country_PY' : 'country_AR') });
  if (d.scope === 'agencies') return names.length ? t('previewAgencies', { list: names.join(', ') }) : t('previewAgenciesNone');
  return t('previewBilateral');
}

export function DistributionPreview({ d }: { d: AlertDraft }) {
  return (
    <p class="preview" id="distribution-preview" aria-live="polite">
      {audienceText(d)}
      {d.sensitivity === 'restricted' ? <> {t('previewRestricted')}</> : null}
    </p>
  );
}
