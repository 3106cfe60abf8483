/** Human references `AR-2026-000123`: per country and year, from the counter advanced under its lock (nextSequence). */
import { nextSequence } from '../../models/Counter.js';

export function formatReference(country: string, year: number, seq: number): string {
  return `${country}-${year}-${String(seq).padStart(6, '0')}`;
}

/** The next reference; call only once the alert is known to be valid, so numbers stay gap-free. */
export async function nextReference(country: string, now = new Date()): Promise<string> {
  const year = now.getUTCFullYear();
  return formatReference(country, year, await nextSequence(`alertref:${country}:${year}`));
}
