/** Screen group "account" (its screens fill this dictionary). */
import { defineMessages } from './define.js';

export const account = defineMessages({
  es: {
    title: 'Mi cuenta',
  },
  en: {
    title: 'My account',
  },
});
