/** Screen group "account", loaded on demand: the signed-in user's own account. */
export { AccountScreen as AccountArea } from './AccountScreen.js';
