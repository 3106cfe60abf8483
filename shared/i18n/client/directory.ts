/** Screen group "directory" (its screens fill this dictionary). */
import { defineMessages } from './define.js';

export const directory = defineMessages({
  es: {
    title: 'Directorio',
  },
  en: {
    title: 'Directory',
  },
});
