/**
 * What a person reads on a Spanish screen: the visible text plus the accessible names and hints
 * (aria-label, title, placeholder, option labels). A Spanish screen shows no English UI word, no
 * database id (24 hex digits), no IANA zone id and no enumeration code such as `possible_victim`.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';

/**
 * Common English UI words. Words that are also Spanish ("No", "Error", "a", "de", "Total") are
 * left out: they would flag correct Spanish. Matched as whole words, case-sensitively for the
 * capitalised ones and insensitively for the rest.
 */
const ENGLISH_WORDS = [
  'the',
  'and',
  'of',
  'to',
  'is',
  'are',
  'was',
  'with',
  'for',
  'from',
  'this',
  'that',
  'your',
  'you',
  'please',
  'required',
  'invalid',
  'must',
  'should',
  'expected',
  'received',
  'characters',
  'too',
  'long',
  'short',
  'Passport',
  'Other',
  'Unknown',
  'Loading',
  'Save',
  'Cancel',
  'Delete',
  'Edit',
  'Search',
  'Submit',
  'Close',
  'Back',
  'Next',
  'Previous',
  'Name',
  'Password',
  'Account',
  'Agency',
  'Alert',
  'Status',
  'Date',
  'Time',
  'Yes',
  'None',
  'online',
  'offline',
  'user',
  'success',
  'failure',
  'system',
  'undefined',
  'null',
  'NaN',
  'Invalid Date',
];

const wordPattern = (w: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}_.@-])${w.replace(/\./g, '\\.')}(?![\\p{L}\\p{N}_@-])`, w[0] === w[0]!.toUpperCase() ? 'u' : 'iu');

/** Everything a person may read or hear on the page. */
export async function readableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = [document.body.innerText];
    for (const el of Array.from(document.querySelectorAll('[aria-label],[title],[placeholder],option,[aria-description]'))) {
      if (el instanceof HTMLOptionElement) parts.push(el.text);
      for (const attr of ['aria-label', 'title', 'placeholder', 'aria-description']) {
        const v = el.getAttribute(attr);
        if (v) parts.push(v);
      }
    }
    return parts.join('\n');
  });
}

/** The offending fragments of a Spanish screen's text (empty when clean). */
export function foreignFragments(text: string): string[] {
  // E-mail addresses and URLs are data, not UI words.
  const cleaned = text.replace(/\S+@\S+/g, ' ').replace(/\b(?:https?|otpauth):\/\/\S+/g, ' ');
  const found: string[] = [];
  for (const w of ENGLISH_WORDS) {
    const m = wordPattern(w).exec(cleaned);
    if (m) found.push(`English word "${w}" in “${cleaned.slice(Math.max(0, m.index - 30), m.index + 30).replace(/\s+/g, ' ')}”`);
  }
  // A count that does not agree with its noun ("1 personas", "foto(s)").
  for (const m of cleaned.matchAll(
    /(?<![\d.,])1 (?:personas|hallazgos|caracteres|contactos|resultados|alertas|fotos|eventos|solicitudes|vistas|nuevas)\b|\p{L}+\((?:s|es)\)/gu,
  ))
    found.push(`plural ${m[0]}`);
  // A 12-hour clock ("6:05 p. m.", "6:05 PM"): police logs use 24 hours.
  for (const m of cleaned.matchAll(/\d{1,2}:\d{2}\s?(?:[ap]\.\s?m\.|[AP]M\b)/gu)) found.push(`12-hour time ${m[0]}`);
  for (const m of cleaned.matchAll(/\b[0-9a-f]{24}\b/g)) found.push(`database id ${m[0]}`);
  for (const m of cleaned.matchAll(/\b(?:America|Europe|Etc|UTC)\/[A-Za-z_]+(?:\/[A-Za-z_]+)?\b/g)) found.push(`time-zone id ${m[0]}`);
  for (const m of cleaned.matchAll(/\b[a-z]+(?:_[a-z]+)+\b/g)) found.push(`code ${m[0]}`);
  // Audit action names ("user.disable").
  for (const m of cleaned.matchAll(/\b(?:access|agency|alert|audit|auth|authz|contact|search|user|users|watch)\.[a-z_]+\b/g))
    found.push(`action ${m[0]}`);
  return found;
}

/** Fails with every English word, id, zone id or code visible on the page. */
export async function expectSpanishOnly(page: Page, label: string): Promise<void> {
  expect(foreignFragments(await readableText(page)), `not Spanish on ${label}`).to.deep.equal([]);
}
