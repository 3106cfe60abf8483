/**
 * Text as pdfkit's standard fonts can draw it. They encode text as WinAnsi (Windows-1252), which
 * covers Spanish (á é í ó ú ñ ü ¿ ¡ « » — “ ”) but not every letter typed into Puente: Guaraní's
 * nasal ẽ ĩ ũ ỹ g̃, other scripts. Such a letter is drawn without its accent (ẽ → e), and a
 * character with no base letter as "?"; the case file says so when it happened, and its JSON form
 * (attached to the PDF, and the one hashed) keeps the text exactly.
 */

/** Windows-1252's characters beyond Latin-1 (its 0x80–0x9F block). */
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Characters with a plain equivalent the fonts draw. */
const EQUIVALENTS: Readonly<Record<string, string>> = {
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '–',
  '\u2015': '—',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u2039': '‹',
  '\u203A': '›',
};

function drawable(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || CP1252_EXTRA.has(ch);
}

/** `s` with every character the standard fonts cannot draw replaced; `changed` when any was. */
export function pdfText(s: string): { text: string; changed: boolean } {
  let changed = false;
  let out = '';
  for (const ch of s.normalize('NFC')) {
    if (drawable(ch)) {
      out += ch;
      continue;
    }
    // Tabs, carriage returns and Unicode spaces are spaces; nothing was lost.
    if (/^[\t\r\u2000-\u200A\u202F\u205F\u3000]$/u.test(ch)) {
      out += ch === '\r' ? '' : ' ';
      continue;
    }
    changed = true;
    // A combining mark left over after composition (g̃ is g and U+0303): the letter stays, the mark goes.
    if (/^\p{M}$/u.test(ch)) continue;
    const equivalent = EQUIVALENTS[ch];
    if (equivalent) {
      out += equivalent;
      continue;
    }
    // A letter with marks the fonts lack: its base letter (and any marks they have), else "?".
    const base = [...ch.normalize('NFD').replace(/\p{M}/gu, '')].filter(drawable).join('');
    out += base || '?';
  }
  return { text: out, changed };
}
