/** Screen group "inbox", loaded on demand: the user's notices. */
export { InboxScreen } from './InboxScreen.js';
