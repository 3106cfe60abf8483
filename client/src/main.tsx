/** Boot: styles, the session check, then the app. */
import './styles/index.css';
import { render } from 'preact';
import { App } from './app.js';
import { bootSession } from './state/lifecycle.js';

const root = document.getElementById('app');
if (root) {
  void bootSession().finally(() => undefined);
  render(<App />, root);
}
