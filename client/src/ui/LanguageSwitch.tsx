/** Spanish / English at any time; remembered on the device. */
import { common } from '../../../shared/i18n/client/common.js';
import { language, setLanguage, translator } from '../i18n/index.js';

const t = translator(common);

export function LanguageSwitch() {
  const current = language.value;
  return (
    <div class="lang-switch" role="group" aria-label={t('language')}>
      <button type="button" lang="es" aria-pressed={current === 'es'} onClick={() => setLanguage('es')}>
        ES<span class="visually-hidden"> {t('languageEs')}</span>
      </button>
      <button type="button" lang="en" aria-pressed={current === 'en'} onClick={() => setLanguage('en')}>
        EN<span class="visually-hidden"> {t('languageEn')}</span>
      </button>
    </div>
  );
}
