/**
 * zodArbitrary(schema): a fast-check arbitrary of values the schema (mostly) accepts, read from
 * the zod definition itself, so a field added to a schema in shared/ is generated without a test
 * change. Refinements (`.refine`) are not solved: some values fail them, which is fine for a
 * hostile-input suite that wants most inputs valid, not all.
 */
import fc from 'fast-check';
import type { z } from 'zod';

/** Text as people type it: Spanish letters, digits, spaces, a few from other scripts. */
const TEXT_UNIT = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzñáéíóúüABCDEFGHIJKLMNOPQRSTUVWXYZÑ0123456789 -_.,'.split('')) },
  { weight: 1, arbitrary: fc.constantFrom('😀', '日', 'ß', 'Ω', '\u200b', '\u202e', '\n', "'", '"', '<', '>', '&', '%', '\\') },
);

/** Long texts are generated short: a valid body should reach the handler, not the size limit. */
const MAX_GENERATED_LENGTH = 80;

// zod v4 keeps its definition on `_zod.def`; the public types do not describe it, so it is read loosely.
interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  [key: string]: unknown;
}
interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def): CheckDef[] => (def.checks ?? []).map((c) => c._zod.def);

interface StringRules {
  min: number;
  max: number;
  format?: string;
  pattern?: RegExp;
}

/** A string's rules, from its own checks and those of a string it is piped into (`text(40).pipe(min(1))`). */
function stringRules(defs: Def[]): StringRules {
  const rules: StringRules = { min: 0, max: Infinity };
  for (const def of defs) {
    if (typeof def.format === 'string') {
      rules.format = def.format;
      rules.pattern = def.pattern as RegExp | undefined;
    }
    for (const c of checksOf(def)) {
      if (c.check === 'min_length') rules.min = Math.max(rules.min, c.minimum ?? 0);
      if (c.check === 'max_length') rules.max = Math.min(rules.max, c.maximum ?? Infinity);
      if (c.check === 'length_equals') rules.min = rules.max = c.length ?? 0;
      if (c.check === 'string_format') {
        rules.format = c.format;
        rules.pattern = c.pattern;
      }
    }
  }
  return rules;
}

const DATE_RANGE = { min: new Date('1950-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true };

function stringArbitrary(rules: StringRules): fc.Arbitrary<string> {
  switch (rules.format) {
    case 'email':
      return fc.emailAddress().map((e) => e.slice(0, rules.max === Infinity ? 254 : rules.max));
    case 'uuid':
    case 'guid':
      return fc.uuid();
    case 'datetime':
      return fc.date(DATE_RANGE).map((d) => d.toISOString());
    case 'date':
      return fc.date(DATE_RANGE).map((d) => d.toISOString().slice(0, 10));
    case 'url':
      return fc.webUrl();
  }
  if (rules.pattern) {
    // Case-insensitive patterns are generated as written (a match without `i` matches with it).
    const flags = rules.pattern.flags.replace(/[igy]/g, '');
    // `^[class]+$` with a length range: the range goes into the pattern (a filter on length could
    // reject almost every string generated, and generation would never end).
    const simple = /^\^(\[[^\]]+\])[+*]\$$/.exec(rules.pattern.source);
    if (simple && (rules.min > 1 || rules.max !== Infinity)) {
      const max = Math.min(rules.max, Math.max(rules.min, MAX_GENERATED_LENGTH));
      return fc.stringMatching(new RegExp(`^${simple[1]}{${Math.max(rules.min, 1)},${max}}$`, flags));
    }
    // Otherwise cut to the maximum: mostly valid is enough here.
    return fc.stringMatching(new RegExp(rules.pattern.source, flags)).map((s) => (rules.max === Infinity ? s : s.slice(0, rules.max)));
  }
  const max = Math.max(rules.min, Math.min(rules.max, MAX_GENERATED_LENGTH));
  return fc.string({ unit: TEXT_UNIT, minLength: rules.min, maxLength: max });
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  let min = -1e9;
  let max = 1e9;
  let integer = false;
  for (const c of checksOf(def)) {
    if (c.check === 'greater_than') min = (c.value ?? min) + (c.inclusive ? 0 : 1e-9);
    if (c.check === 'less_than') max = (c.value ?? max) - (c.inclusive ? 0 : 1e-9);
    if (c.check === 'number_format' && (c.format === 'safeint' || c.format === 'int32')) integer = true;
  }
  return integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** The arbitrary for one schema; `z.unknown()` and kinds not listed give any JSON value. */
export function zodArbitrary(schema: z.ZodType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return stringArbitrary(stringRules([def]));
    case 'pipe': {
      const inner = defOf(def.in);
      const out = defOf(def.out);
      if (inner.type === 'string' && out.type === 'string') return stringArbitrary(stringRules([inner, out]));
      return zodArbitrary(def.in as z.ZodType);
    }
    case 'number':
      return numberArbitrary(def);
    case 'int':
      return fc.integer();
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'undefined':
      return fc.constant(undefined);
    case 'date':
      return fc.date(DATE_RANGE).map((d) => d.toISOString());
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'optional':
      return fc.option(zodArbitrary(def.innerType as z.ZodType), { nil: undefined, freq: 3 });
    case 'nullable':
      return fc.option(zodArbitrary(def.innerType as z.ZodType), { nil: null, freq: 4 });
    case 'default':
    case 'prefault':
      return fc.option(zodArbitrary(def.innerType as z.ZodType), { nil: undefined, freq: 3 });
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return zodArbitrary(def.innerType as z.ZodType);
    case 'lazy':
      return zodArbitrary((def.getter as () => z.ZodType)());
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map(zodArbitrary));
    case 'intersection':
      return zodArbitrary(def.left as z.ZodType);
    case 'array': {
      const checks = checksOf(def);
      const minLength = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
      const maxLength = Math.min(checks.find((c) => c.check === 'max_length')?.maximum ?? 4, Math.max(minLength, 4));
      return fc.array(zodArbitrary(def.element as z.ZodType), { minLength, maxLength });
    }
    case 'tuple':
      return fc.tuple(...(def.items as z.ZodType[]).map(zodArbitrary));
    case 'record':
      return fc.dictionary(zodArbitrary(def.keyType as z.ZodType) as fc.Arbitrary<string>, zodArbitrary(def.valueType as z.ZodType), {
        maxKeys: 4,
      });
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const model = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, zodArbitrary(v)]));
      // Optional fields come out as `undefined`: dropped, as JSON would drop them.
      return fc.record(model).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** The field names of an object schema (through optional/default/pipe wrappers); [] for others. */
export function objectKeys(schema: z.ZodType): string[] {
  const def = defOf(schema);
  if (def.type === 'object') return Object.keys(def.shape as object);
  if (def.type === 'pipe') return objectKeys(def.in as z.ZodType);
  if (['optional', 'nullable', 'default', 'readonly', 'catch', 'prefault'].includes(def.type))
    return objectKeys(def.innerType as z.ZodType);
  return [];
}
