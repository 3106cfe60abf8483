/** An area whose screens come in a later part: its heading and a sentence saying so. */
import { common } from '../../../shared/i18n/client/common.js';
import { translator } from '../i18n/index.js';
import { ScreenHeading } from './ScreenHeading.js';

const tc = translator(common);

export function PendingArea({ title }: { title: string }) {
  return (
    <section>
      <ScreenHeading title={title} />
      <p>{tc('areaPending')}</p>
    </section>
  );
}
