import { alert } from '../../../../shared/i18n/client/alert.js';
import { translator } from '../../i18n/index.js';
import { PendingArea } from '../../ui/PendingArea.js';

const t = translator(alert);
export const NewAlertScreen = () => <PendingArea title={t('newTitle')} />;
