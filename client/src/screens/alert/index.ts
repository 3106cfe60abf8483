/** Screen group "alert": loaded on demand. */
export { NewAlertScreen } from './NewAlertScreen.js';
export { AlertDetailScreen } from './AlertDetailScreen.js';
