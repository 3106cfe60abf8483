/** Whether a directory query could be a phone (no libphonenumber here: the browser loads it only when needed). */

/** Only phone characters and at least six digits. */
export function looksLikePhone(q: string): boolean {
  return /^[0-9+()\-./ ]+$/.test(q) && (q.match(/\d/g)?.length ?? 0) >= 6;
}
