/** Realistic Argentine and Paraguayan values for generated alerts (fictitious people, real formats). */

export const GIVEN_NAMES = {
  female: [
    'María',
    'José',
    'Ana',
    'Lucía',
    'Sofía',
    'Camila',
    'Valentina',
    'Rocío',
    'Milagros',
    'Guadalupe',
    'Natalia',
    'Lorena',
    'Liz',
    'Fátima',
    'Jazmín',
    'Belén',
    'Noelia',
    'Araceli',
    'Mirta',
    'Ñandutí',
  ],
  male: [
    'Juan',
    'Carlos',
    'José',
    'Luis',
    'Ramón',
    'Hugo',
    'Diego',
    'Matías',
    'Cristian',
    'Óscar',
    'Víctor',
    'Hernán',
    'Derlis',
    'Osvaldo',
    'Rubén',
    'Aníbal',
    'Fabián',
    'Néstor',
    'Arnaldo',
    'Julio',
  ],
};

export const SURNAMES = [
  'González',
  'Benítez',
  'Martínez',
  'López',
  'Giménez',
  'Vera',
  'Duarte',
  'Ramírez',
  'Villalba',
  'Ortiz',
  'Acosta',
  'Cáceres',
  'Rojas',
  'Fernández',
  'Báez',
  'Núñez',
  'Sosa',
  'Ayala',
  'Cabrera',
  'Aquino',
  'Benegas',
  'Ferreira',
  'Insfrán',
  'Galeano',
  'Cardozo',
  'Leguizamón',
  'Quintana',
  'Zárate',
  'Espínola',
  'Ocampo',
  'Chávez',
  'Ibarra',
  'Ledesma',
  'Medina',
  'Paredes',
  'Riquelme',
  'Saucedo',
  'Torres',
  'Valdez',
  'Yegros',
  'Aguayo',
  'Brítez',
  'Careaga',
  'Dávalos',
  'Escobar',
  'Florentín',
  'Garcete',
  'Irala',
  'Jara',
  'Maidana',
  'Ojeda',
  'Portillo',
  'Romero',
  'Samaniego',
  'Talavera',
  'Ugarte',
  'Vázquez',
  'Zorrilla',
  'Alfonso',
  'Bogado',
];

export const CROSSINGS = [
  { label: 'Puente San Ignacio de Loyola', country: 'AR', adminArea: 'Formosa', locality: 'Clorinda' },
  { label: 'Puerto de Formosa — lancha a Alberdi', country: 'AR', adminArea: 'Formosa', locality: 'Formosa' },
  { label: 'Puerto Pilcomayo — balsa a Itá Enramada', country: 'AR', adminArea: 'Formosa', locality: 'Puerto Pilcomayo' },
  { label: 'José Falcón — cabecera del puente', country: 'PY', adminArea: 'Presidente Hayes', locality: 'José Falcón' },
  { label: 'Puerto de Alberdi', country: 'PY', adminArea: 'Ñeembucú', locality: 'Alberdi' },
  { label: 'Itá Enramada', country: 'PY', adminArea: 'Central', locality: 'Asunción' },
  { label: 'Paso informal del río Pilcomayo', country: 'AR', adminArea: 'Formosa', locality: 'Clorinda' },
] as const;

export const KINDS = ['missing_person', 'possible_victim', 'suspect', 'vehicle', 'location', 'modus_operandi', 'other'] as const;
export const TITLES: Record<(typeof KINDS)[number], string> = {
  missing_person: 'Persona desaparecida',
  possible_victim: 'Posible víctima de trata',
  suspect: 'Sospechoso de captación',
  vehicle: 'Vehículo usado en traslado',
  location: 'Local bajo investigación',
  modus_operandi: 'Modalidad de captación por redes',
  other: 'Información de interés',
};

/** A small deterministic PRNG (mulberry32) so a seed run is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const digits = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
export const letters = (r: () => number, n: number) =>
  Array.from({ length: n }, () => String.fromCharCode(65 + Math.floor(r() * 26))).join('');

/** A DNI or cédula as officers write it, with dots. */
export function dottedNumber(n: number): string {
  return n.toLocaleString('es-AR').replace(/,/g, '.');
}

/** Phones typed the local way of each country. */
export function localPhone(r: () => number, country: 'AR' | 'PY'): string {
  if (country === 'AR') return r() < 0.5 ? `(0370) 15-4${digits(r, 6)}` : `03718 15 4${digits(r, 5)}`;
  return `09${pick(r, ['81', '82', '83', '71', '72', '61', '91'])} ${digits(r, 3)} ${digits(r, 3)}`;
}

export function plate(r: () => number, country: 'AR' | 'PY'): string {
  return country === 'AR' ? `${letters(r, 2)} ${digits(r, 3)} ${letters(r, 2)}` : `${letters(r, 4)} ${digits(r, 3)}`;
}
