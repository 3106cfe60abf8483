/** Alert bodies as officers post them (API.md's example and variations). */
export type Scope = 'agency' | 'country' | 'bilateral' | 'agencies';

export function alertBody(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'possible_victim',
    priority: 'urgent',
    title: 'Posible víctima vista en el paso fronterizo',
    summary: 'Joven acompañada por dos adultos; se solicita localizar.',
    occurredAt: '2026-11-20T14:00:00Z',
    actionRequested: { code: 'locate_and_report', text: 'Informar de inmediato' },
    replyWithinHours: 12,
    legalBasis: { caseNumber: 'FSA-1234/2026', authority: 'Fiscalía N.º 2 de Formosa' },
    handlingCode: 'H1',
    sourceReliability: 'B',
    infoCredibility: '2',
    subjects: [
      {
        role: 'victim',
        givenNames: 'María José',
        familyNames: 'Benítez Ortiz',
        mothersName: 'Ortiz',
        aliases: ['Majo'],
        sex: 'female',
        dateOfBirth: null,
        approxAge: 16,
        nationality: 'PY',
        documents: [{ type: 'CI', country: 'PY', number: '4.567.890' }],
        description: '1,55 m, cabello largo oscuro',
      },
      { role: 'suspect', givenNames: 'Ramón', familyNames: 'Acosta', documents: [{ type: 'DNI', country: 'AR', number: '30.123.456' }] },
    ],
    vehicles: [{ plate: 'AB 123 CD', country: 'AR', make: 'Toyota', model: 'Corolla', colour: 'gris' }],
    phones: ['+595 981 123456', '(0370) 15-4412345'],
    locations: [
      {
        label: 'Cabecera del puente',
        country: 'AR',
        adminArea: 'Formosa',
        locality: 'Clorinda',
        borderCrossing: 'Puente San Ignacio de Loyola',
        lat: -25.29,
        lng: -57.72,
      },
    ],
    tags: ['sexual_exploitation'],
    distribution: { scope: 'bilateral' },
    sensitivity: 'restricted',
    victimConsent: { given: true, recordedBy: 'Of. Gómez', note: 'Consiente que la fiscalía la contacte' },
    ...overrides,
  };
}

/**
 * The values of a restricted alert that must never reach someone without restricted access:
 * every field docs/security.md lists (victim names, aliases, documents; consent; legal basis).
 */
export const VICTIM_SECRETS = [
  'María José',
  'Benítez Ortiz',
  'Majo',
  '4.567.890',
  '4567890',
  'FSA-1234/2026',
  'Fiscalía N.º 2 de Formosa',
  'Consiente que la fiscalía',
  'Of. Gómez',
];

/** A restricted alert about one victim: `name` is "given… family" (the family name last), `ci` a PY CI. */
export function victimAlertBody(name: string, ci: string, overrides: Record<string, unknown> = {}) {
  const words = name.split(' ');
  const victim = {
    role: 'victim',
    givenNames: words.slice(0, -1).join(' '),
    familyNames: words.at(-1),
    documents: [{ type: 'CI', country: 'PY', number: ci }],
  };
  return alertBody({ subjects: [victim], ...overrides });
}
