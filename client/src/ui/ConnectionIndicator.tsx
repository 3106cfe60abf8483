/** Online / offline / reconnecting, in words and colour (never colour alone). */
import { common } from '../../../shared/i18n/client/common.js';
import { translator } from '../i18n/index.js';
import { connection } from '../state/connection.js';

const t = translator(common);
const LABEL = { online: 'connOnline', offline: 'connOffline', connecting: 'connConnecting', reconnecting: 'connReconnecting' } as const;

export function ConnectionIndicator() {
  const state = connection.value;
  return (
    <span class={`conn conn-${state}`} data-connection={state} role="status" aria-label={t('connLabel', { state: t(LABEL[state]) })}>
      <span class="conn-dot" aria-hidden="true" />
      {t(LABEL[state])}
    </span>
  );
}
