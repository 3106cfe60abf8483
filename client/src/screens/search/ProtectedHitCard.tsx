/**
 * A protected hit (issue 24): an active alert concerns the person checked, whose identity is
 * reserved. Says what to do and whom to call (a tel: link), and offers "Solicitar acceso" when the
 * alert is not distributed to the officer's agency.
 */
import type { ProtectedHitDto } from '../../../../shared/dto/search.js';
import { AccessBlock, t, td } from './parts.js';

/** A tel: target from a number as typed ("(0370) 15-4412345", "+54 370 455-2424"). */
const telHref = (phone: string) => `tel:${phone.replace(/(?!^\+)[^\d]/g, '')}`;

function CallLine({ hit }: { hit: ProtectedHitDto }) {
  const agency = hit.originAgency.name;
  const line = hit.contactLine;
  if (!line) return <p class="protected-call">{t('protectedNoLine', { agency })}</p>;
  return (
    <p class="protected-call">
      <a class="button primary call-button" href={telHref(line.phone)} data-testid="protected-call">
        {t(line.is24h ? 'protectedCall24h' : 'protectedCallMain', { agency, phone: line.phone })}
      </a>
      {line.label !== agency ? <span class="result-meta"> {line.label}</span> : null}
    </p>
  );
}

export function ProtectedHitCard({ hit }: { hit: ProtectedHitDto }) {
  return (
    <li class="result result-protected" data-testid="protected-hit" data-reference={hit.reference}>
      <strong class="protected-title">{t('protectedTitle')}</strong>
      <span class="result-meta protected-facts">
        {td(`kind_${hit.alertKind}`)} · <span class={`priority priority-${hit.priority}`}>{td(`priority_${hit.priority}`)}</span> ·{' '}
        <span class="reference">{hit.reference}</span>
      </span>
      <span class="protected-action">{t('protectedAction', { action: td(`action_${hit.actionRequested}`) })}</span>
      <span class="result-meta">
        {t('protectedFrom', { agency: hit.originAgency.name, country: td(`country_${hit.originAgency.country}`) })}
      </span>
      <CallLine hit={hit} />
      <span class="result-meta">{t('protectedWhy')}</span>
      {hit.alertId ? <AccessBlock alertId={hit.alertId} reference={hit.reference} /> : null}
    </li>
  );
}
