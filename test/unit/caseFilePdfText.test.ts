/** What the case file's PDF can draw with the standard fonts (server/audit/caseFile/pdfText.ts). */
import { expect } from 'chai';
import { pdfText } from '../../server/audit/caseFile/pdfText.js';

describe('case file PDF text (WinAnsi standard fonts)', () => {
  it('keeps Spanish as typed: accents, ñ, ü, opening marks, dashes and quotes', () => {
    const spanish = '¿Dónde está María José Benítez? ¡Ñandú! Güemes «Clorinda» — “N.º 2” 1,55 m; 30.123.456 € … ‘x’';
    expect(pdfText(spanish)).to.deep.equal({ text: spanish, changed: false });
    // Decomposed input (n + combining tilde) is composed first: still ñ, nothing lost.
    expect(pdfText('Ñeembucu\u0301 Pen\u0303a')).to.deep.equal({ text: 'Ñeembucú Peña', changed: false });
    expect(pdfText('a\tb\r\nc\u202Fd')).to.deep.equal({ text: 'a b\nc d', changed: false });
  });

  it('draws letters the fonts lack without their mark, and says so', () => {
    // Guaraní nasal vowels and g̃ (g with a combining tilde: no precomposed form).
    expect(pdfText('Ñandutĩ ỹ ẽ ũ g̃uasu')).to.deep.equal({ text: 'Ñanduti y e u guasu', changed: true });
    expect(pdfText('cuota‐parte −5')).to.deep.equal({ text: 'cuota-parte -5', changed: true });
    // No base letter to fall back on.
    expect(pdfText('東京 🙂')).to.deep.equal({ text: '?? ?', changed: true });
  });
});
