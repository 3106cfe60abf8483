/** The commission's statistics (issue 29). */
export { StatisticsScreen } from './StatisticsScreen.js';
