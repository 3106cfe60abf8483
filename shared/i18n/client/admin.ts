/** Screen group "admin" (its screens fill this dictionary). */
import { defineMessages } from './define.js';

export const admin = defineMessages({
  es: {
    title: 'Administración',
  },
  en: {
    title: 'Administration',
  },
});
