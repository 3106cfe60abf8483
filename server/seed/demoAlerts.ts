/**
 * Sample alerts for `seed-demo`: one of each kind, some restricted, and pairs across the border
 * that share a phone, a document or a plate, so matches show up at once. Posted through the same
 * service as the API, by the demo officers, and found again by title on a second run.
 */
import type { CreateAlertInput } from '../../shared/schemas/alerts.js';
import { createAlert } from '../alerts/index.js';
import { type UserDoc } from '../identity/index.js';
import { actorOf } from '../platform/actor.js';
import type { SeedStep } from './demo.service.js';
import type { Instance } from '../platform/instance.js';

const BRIDGE = {
  label: 'Cabecera del puente',
  country: 'AR',
  adminArea: 'Formosa',
  locality: 'Clorinda',
  borderCrossing: 'Puente San Ignacio de Loyola',
} as const;
const ALBERDI = {
  label: 'Puerto de Alberdi',
  country: 'PY',
  adminArea: 'Ñeembucú',
  locality: 'Alberdi',
  borderCrossing: 'Formosa – Alberdi (lancha)',
} as const;

/** [poster country, alert] — fictitious people, real formats. */
export const DEMO_ALERTS: Array<['AR' | 'PY', CreateAlertInput]> = [
  [
    'AR',
    {
      kind: 'possible_victim',
      priority: 'urgent',
      title: 'Demo: posible víctima en el puente San Ignacio de Loyola',
      summary: 'Joven acompañada por dos adultos; no porta documentos.',
      sensitivity: 'restricted',
      distribution: { scope: 'bilateral' },
      subjects: [
        {
          role: 'victim',
          givenNames: 'María José',
          familyNames: 'Benítez Ortiz',
          approxAge: 16,
          nationality: 'PY',
          documents: [{ type: 'CI', country: 'PY', number: '4.567.890' }],
        },
        { role: 'suspect', givenNames: 'Ramón', familyNames: 'Acosta', documents: [{ type: 'DNI', country: 'AR', number: '30.123.456' }] },
      ],
      phones: ['0981 555 010'],
      vehicles: [{ plate: 'AB 123 CD', country: 'AR', make: 'Toyota', model: 'Corolla', colour: 'gris' }],
      locations: [BRIDGE],
      tags: ['sexual_exploitation'],
      actionRequested: { code: 'protect_and_report' },
      victimConsent: { given: false, note: 'Menor de edad: sin consentimiento; base legal en la causa.' },
      legalBasis: { caseNumber: 'FSA-1234/2026', authority: 'Fiscalía Federal de Formosa' },
    },
  ],
  [
    'PY',
    {
      kind: 'suspect',
      priority: 'high',
      title: 'Demo: captador que recluta por redes en Asunción',
      summary: 'Ofrece empleo en Formosa; usa el mismo celular que la alerta argentina.',
      distribution: { scope: 'bilateral' },
      sensitivity: 'standard',
      subjects: [
        {
          role: 'suspect',
          givenNames: 'Ramón',
          familyNames: 'Acosta',
          aliases: ['El Rulo'],
          documents: [{ type: 'DNI', country: 'AR', number: '30123456' }],
        },
      ],
      phones: ['+595 981 555010'],
      locations: [{ label: 'Terminal de ómnibus', country: 'PY', adminArea: 'Central', locality: 'Asunción' }],
      tags: ['labour_exploitation'],
    },
  ],
  [
    'PY',
    {
      kind: 'vehicle',
      priority: 'high',
      title: 'Demo: vehículo visto cruzando en balsa',
      summary: 'Mismo vehículo de la alerta del puente.',
      distribution: { scope: 'bilateral' },
      vehicles: [{ plate: 'ab123cd', country: 'AR', make: 'Toyota', colour: 'gris' }],
      locations: [ALBERDI],
    },
  ],
  [
    'AR',
    {
      kind: 'missing_person',
      priority: 'urgent',
      title: 'Demo: adolescente desaparecida en Clorinda',
      sensitivity: 'restricted',
      distribution: { scope: 'bilateral' },
      subjects: [
        {
          role: 'victim',
          givenNames: 'Lucía',
          familyNames: 'Ramírez',
          approxAge: 15,
          documents: [{ type: 'DNI', country: 'AR', number: '48.111.222' }],
        },
      ],
      locations: [BRIDGE],
    },
  ],
  [
    'AR',
    {
      kind: 'location',
      priority: 'routine',
      title: 'Demo: local nocturno bajo investigación',
      distribution: { scope: 'country' },
      locations: [{ label: 'Ruta 11 km 1.150', country: 'AR', adminArea: 'Formosa', locality: 'Formosa' }],
    },
  ],
  [
    'PY',
    {
      kind: 'modus_operandi',
      priority: 'routine',
      title: 'Demo: ofertas falsas de empleo doméstico',
      summary: 'Avisos en redes sociales con promesa de trabajo en Argentina.',
      distribution: { scope: 'bilateral' },
    },
  ],
  [
    'AR',
    {
      kind: 'other',
      priority: 'routine',
      title: 'Demo: información reservada de la fiscalía',
      distribution: { scope: 'agency' },
      subjects: [{ role: 'witness', givenNames: 'Testigo', familyNames: 'Reservado' }],
    },
  ],
];

async function officer(instance: Instance, country: 'AR' | 'PY'): Promise<UserDoc> {
  const { User } = instance.models.identity;
  const user = await User.findOne({ email: `oficial.${country.toLowerCase()}@example.org` }).lean<UserDoc>();
  if (!user) throw new Error(`demo officer of ${country} is missing (the users step runs first)`);
  return user;
}

export const alertsStep: SeedStep = {
  name: 'alerts',
  async run(ctx) {
    const { instance } = ctx;
    const { Alert } = instance.models.alerts;
    let created = 0;
    for (const [country, input] of DEMO_ALERTS) {
      const user = await officer(instance, country);
      if (await Alert.exists({ title: input.title, originAgencyId: String(user.agencyId) })) continue;
      await createAlert(ctx.instance, actorOf(user), input, { reviewDays: 90 });
      created++;
    }
    return { created, existing: DEMO_ALERTS.length - created };
  },
};
