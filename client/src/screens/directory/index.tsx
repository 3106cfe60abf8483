/** Screen group "directory", loaded on demand; its screens come in a later part (the navigation has its place). */
import { directory } from '../../../../shared/i18n/client/directory.js';
import { translator } from '../../i18n/index.js';
import { PendingArea } from '../../ui/PendingArea.js';

const t = translator(directory);

export const DirectoryArea = () => <PendingArea title={t('title')} />;
