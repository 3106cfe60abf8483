/** Screen group "search", loaded on demand; its screens come in a later part (the navigation has its place). */
import { search } from '../../../../shared/i18n/client/search.js';
import { translator } from '../../i18n/index.js';
import { PendingArea } from '../../ui/PendingArea.js';

const t = translator(search);

export const SearchArea = () => <PendingArea title={t('title')} />;
