/** Screen group "admin", loaded on demand; its screens come in a later part (the navigation has its place). */
import { admin } from '../../../../shared/i18n/client/admin.js';
import { translator } from '../../i18n/index.js';
import { PendingArea } from '../../ui/PendingArea.js';

const t = translator(admin);

export const AdminArea = () => <PendingArea title={t('title')} />;
