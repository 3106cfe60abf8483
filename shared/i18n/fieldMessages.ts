/**
 * The API's field messages (`details[].message`: zod's defaults and the schemas' own words, in
 * English) as sentences in the reader's language. A message this table does not know is shown
 * in Spanish as "El valor no es válido." rather than in English on a Spanish screen.
 */
import type { Language } from './client/define.js';

type Bilingual = Record<Language, string>;

/** The exact messages of shared/schemas and the services. */
const EXACT: Record<string, Bilingual> = {
  required: { es: 'Este campo es obligatorio.', en: 'This field is required.' },
  'not a valid email address': { es: 'No es un correo válido.', en: 'Not a valid email address.' },
  'must be 6 digits': { es: 'El código tiene 6 dígitos.', en: 'The code has 6 digits.' },
  'not a known time zone': { es: 'No es una zona horaria conocida.', en: 'Not a known time zone.' },
  'lower-case words joined by _': {
    es: 'Use palabras en minúscula unidas por _ (por ejemplo trata_laboral).',
    en: 'Use lower-case words joined by _ (for example labour_trafficking).',
  },
  'contains control characters': { es: 'Contiene caracteres no permitidos.', en: 'Contains characters that are not allowed.' },
  'only digits, spaces and + ( ) - . / are allowed': {
    es: 'Solo se admiten dígitos, espacios y + ( ) - . /',
    en: 'Only digits, spaces and + ( ) - . / are allowed.',
  },
  'emails repeat': { es: 'Hay correos repetidos.', en: 'Some e-mail addresses repeat.' },
  'languages repeat': { es: 'Hay idiomas repetidos.', en: 'Some languages repeat.' },
  'roles repeat': { es: 'Hay roles repetidos.', en: 'Some roles repeat.' },
  'nothing to change': { es: 'No hay nada que cambiar.', en: 'There is nothing to change.' },
  'already registered': { es: 'Ya hay una cuenta con este correo.', en: 'An account with this e-mail already exists.' },
  'call /auth/mfa/setup first': { es: 'Genere primero un código QR nuevo.', en: 'Generate a new QR code first.' },
  'invalid, used or expired': { es: 'El enlace no es válido, ya se usó o venció.', en: 'The link is not valid, was used or has expired.' },
  'unknown or inactive agency': { es: 'El organismo no existe o está desactivado.', en: 'The agency does not exist or is inactive.' },
  'a contact needs at least one phone or email': {
    es: 'Un contacto necesita al menos un teléfono o un correo.',
    en: 'A contact needs at least one phone or e-mail.',
  },
  'must be between tomorrow and one year from now': {
    es: 'Debe estar entre mañana y dentro de un año.',
    en: 'Must be between tomorrow and one year from now.',
  },
  'only an active alert is reviewed': { es: 'Solo se revisa una alerta activa.', en: 'Only an active alert is reviewed.' },
  'no such subject': { es: 'Esa persona no está en la alerta.', en: 'That person is not in the alert.' },
};

/** zod's default messages, recognised by their shape ("Too big: expected number to be <=120"). */
const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => Bilingual]> = [
  [
    /^Too big: expected number to be <=?(\S+)/,
    (m) => ({ es: `El número no puede ser mayor que ${m[1]}.`, en: `The number cannot be more than ${m[1]}.` }),
  ],
  [
    /^Too small: expected number to be >=?(\S+)/,
    (m) => ({ es: `El número no puede ser menor que ${m[1]}.`, en: `The number cannot be less than ${m[1]}.` }),
  ],
  [
    /^Too big: expected string to have <=?(\d+)/,
    (m) => ({ es: `El texto admite como máximo ${m[1]} caracteres.`, en: `The text allows at most ${m[1]} characters.` }),
  ],
  [/^Too small: expected string to have >=?1 characters/, () => EXACT.required!],
  [
    /^Too small: expected string to have >=?(\d+)/,
    (m) => ({ es: `El texto necesita al menos ${m[1]} caracteres.`, en: `The text needs at least ${m[1]} characters.` }),
  ],
  [/^Too big: expected array to have <=?(\d+)/, (m) => ({ es: `Se admiten como máximo ${m[1]}.`, en: `At most ${m[1]} are allowed.` })],
  [/^Too small: expected array/, () => ({ es: 'Falta al menos uno.', en: 'At least one is needed.' })],
  [/^Invalid input: expected \w+, received undefined/, () => EXACT.required!],
  [/^Invalid input: expected int/, () => ({ es: 'Debe ser un número entero.', en: 'Must be a whole number.' })],
  [/^Invalid input: expected number/, () => ({ es: 'Debe ser un número.', en: 'Must be a number.' })],
  [/^Invalid option/, () => ({ es: 'Elija una de las opciones.', en: 'Choose one of the options.' })],
  [/^Invalid ISO (?:date|datetime)/, () => ({ es: 'La fecha no es válida.', en: 'The date is not valid.' })],
  [/^Invalid email/, () => EXACT['not a valid email address']!],
  // server/identity/users/roleGrants.service.ts: a role that does not fit the agency's kind.
  [
    /^prosecutor not allowed in an agency of kind/,
    () => ({
      es: 'El rol de fiscal solo corresponde a organismos de fiscalía o judiciales.',
      en: 'The prosecutor role belongs only to prosecution or judicial agencies.',
    }),
  ],
  [
    /^[\w, ]+ not allowed in an agency of kind/,
    () => ({ es: 'Un rol elegido no corresponde a este tipo de organismo.', en: 'A chosen role does not fit this kind of agency.' }),
  ],
];

const INVALID: Bilingual = { es: 'El valor no es válido.', en: 'The value is not valid.' };

/** A server field message in `lang`: bilingual texts ("es / en") are split, known ones translated. */
export function fieldMessageIn(message: string, lang: Language): string {
  const exact = EXACT[message];
  if (exact) return exact[lang];
  for (const [pattern, words] of PATTERNS) {
    const m = pattern.exec(message);
    if (m) return words(m)[lang];
  }
  const parts = message.split(' / ');
  if (parts.length === 2) return (lang === 'es' ? parts[0] : parts[1]) ?? message;
  // An unknown English message stays readable in English; a Spanish screen says it in Spanish.
  return lang === 'es' ? INVALID.es : message;
}
