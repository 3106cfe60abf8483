import { expect } from 'chai';
import { z } from 'zod';
import { fieldMessageIn } from '../../shared/i18n/fieldMessages.js';
import { mfaCodeSchema } from '../../shared/schemas/users.js';

const issues = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues.map((i) => i.message) ?? [];

describe('field messages in the reader language', () => {
  it('a number too big is not "texto demasiado largo" (age 170)', () => {
    const [message] = issues(z.object({ approxAge: z.number().int().max(120) }), { approxAge: 170 });
    expect(fieldMessageIn(message!, 'es')).to.equal('El número no puede ser mayor que 120.');
    expect(fieldMessageIn(message!, 'en')).to.equal('The number cannot be more than 120.');
  });

  it('a text too long says the limit; an empty required text says it is required', () => {
    const [long] = issues(z.string().max(3), 'abcd');
    expect(fieldMessageIn(long!, 'es')).to.equal('El texto admite como máximo 3 caracteres.');
    const [empty] = issues(z.string().min(1), '');
    expect(fieldMessageIn(empty!, 'es')).to.equal('Este campo es obligatorio.');
  });

  it("the schemas' own words (the 2FA code, a phone, an enum) read in Spanish", () => {
    const [code] = issues(mfaCodeSchema, { code: '12' });
    expect(fieldMessageIn(code!, 'es')).to.equal('El código tiene 6 dígitos.');
    expect(fieldMessageIn('only digits, spaces and + ( ) - . / are allowed', 'es')).to.equal(
      'Solo se admiten dígitos, espacios y + ( ) - . /',
    );
    const [option] = issues(z.enum(['police', 'other']), 'army');
    expect(fieldMessageIn(option!, 'es')).to.equal('Elija una de las opciones.');
  });

  it('a role that does not fit the agency says which rule it breaks', () => {
    expect(fieldMessageIn('prosecutor not allowed in an agency of kind police', 'es')).to.equal(
      'El rol de fiscal solo corresponde a organismos de fiscalía o judiciales.',
    );
    expect(fieldMessageIn('agency_admin, officer not allowed in an agency of kind unknown', 'es')).to.equal(
      'Un rol elegido no corresponde a este tipo de organismo.',
    );
  });

  it('a bilingual server text is split; an unknown English one is never shown on a Spanish screen', () => {
    expect(fieldMessageIn('La contraseña es demasiado común / is too common', 'es')).to.equal('La contraseña es demasiado común');
    expect(fieldMessageIn('some new rule nobody translated', 'es')).to.equal('El valor no es válido.');
    expect(fieldMessageIn('some new rule nobody translated', 'en')).to.equal('some new rule nobody translated');
  });
});
