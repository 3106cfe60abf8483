/** Screen group "search" (its screens fill this dictionary). */
import { defineMessages } from './define.js';

export const search = defineMessages({
  es: {
    title: 'Búsqueda',
  },
  en: {
    title: 'Search',
  },
});
