/** Check digits of Argentine CUIL/CUIT and Paraguayan RUC. */

const CUIT_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/**
 * CUIL/CUIT check digit (AFIP mod 11, weights 5432765432) of the first 10 digits; `null` when the
 * rule gives 10, which AFIP never issues (it changes the prefix to 23 or 33 instead).
 */
export function cuitCheckDigit(first10: string): number | null {
  if (!/^\d{10}$/.test(first10)) return null;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += CUIT_WEIGHTS[i]! * Number(first10[i]);
  const dv = 11 - (sum % 11);
  if (dv === 11) return 0;
  return dv === 10 ? null : dv;
}

/**
 * Paraguayan RUC check digit (SET's mod 11, "base máxima" 11): digits weighted 2, 3 … 11 from the
 * right (wrapping to 2 after 11); a remainder of 0 or 1 gives 0, otherwise 11 − remainder.
 */
export function rucCheckDigit(base: string): number | null {
  if (!/^\d+$/.test(base)) return null;
  let sum = 0;
  let weight = 2;
  for (let i = base.length - 1; i >= 0; i--) {
    sum += Number(base[i]) * weight;
    weight = weight === 11 ? 2 : weight + 1;
  }
  const rest = sum % 11;
  return rest > 1 ? 11 - rest : 0;
}
