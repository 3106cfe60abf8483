/** Mutes or restores the urgent-alert sound on this device (header on desktop, "Más" on phones). */
import { common } from '../../../shared/i18n/client/common.js';
import { translator } from '../i18n/index.js';
import { muted, setMuted } from './sound.js';

const t = translator(common);

export function SoundSwitch() {
  return (
    <button type="button" class="icon-button" aria-pressed={muted.value} onClick={() => setMuted(!muted.value)}>
      {muted.value ? t('unmuteSound') : t('muteSound')}
    </button>
  );
}
