/** Screen group "feed": loaded on demand. */
export { FeedScreen } from './FeedScreen.js';
