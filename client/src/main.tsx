/** Boot: styles, the session check, then the app. */
import './styles/index.css';
import { App, bootSession, render } from './bootModules.js';

const root = document.getElementById('app');
if (root) {
  void bootSession().finally(() => undefined);
  render(<App />, root);
}
