/** Screen group "account", loaded on demand; its screens come in a later part (the navigation has its place). */
import { account } from '../../../../shared/i18n/client/account.js';
import { translator } from '../../i18n/index.js';
import { PendingArea } from '../../ui/PendingArea.js';

const t = translator(account);

export const AccountArea = () => <PendingArea title={t('title')} />;
