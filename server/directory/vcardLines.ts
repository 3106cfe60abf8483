/**
 * vCard 4.0 content lines (RFC 6350 §3.3), the few forms Puente writes: escaping of TEXT values
 * (§3.4), parameter values (RFC 6868 and §5), and folding at 75 octets (§3.2).
 */

/** A parameter: its name and one or more values (`TYPE=voice,cell`). */
export type Parameter = readonly [name: string, values: readonly string[]];

/**
 * A TEXT value as RFC 6350 §3.4 escapes it: backslash, comma, semicolon and newline, nothing else
 * (a colon stays as it is). CRLF and CR are newlines too: a vCard has no bare carriage return.
 */
export function escapeText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(/[\\,;\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** A structured TEXT value (`ORG:Agency;Unit`): components escaped, then joined by `;`. */
export function structuredText(components: readonly string[]): string {
  return components.map(escapeText).join(';');
}

/**
 * One parameter value: RFC 6868 caret encoding (`^^`, `^n`, `^'`), quoted when it holds a colon,
 * semicolon or comma (§3.3), which would otherwise end the value or split it into several.
 */
export function parameterValue(s: string): string {
  const encoded = s.replace(/\r\n?/g, '\n').replace(/[\^\n"]/g, (c) => (c === '^' ? '^^' : c === '\n' ? '^n' : "^'"));
  return /[:;,]/.test(encoded) ? `"${encoded}"` : encoded;
}

/** `NAME;PARAM=a,b:value`; the value is written as given (escape TEXT with escapeText first). */
export function contentLine(name: string, parameters: readonly Parameter[], value: string): string {
  const params = parameters.map(([p, values]) => `;${p}=${values.map(parameterValue).join(',')}`).join('');
  return `${name}${params}:${value}`;
}

const MAX_OCTETS = 75;

/** Folds one content line at 75 octets without splitting a UTF-8 sequence (RFC 6350 §3.2). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    // Continuation lines start with a space, which counts towards their 75 octets.
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export type VcardVersion = '3.0' | '4.0';

/** A whole vCard from its content lines: BEGIN, VERSION, the lines, END, each folded and CRLF-ended. */
export function vcard(lines: readonly string[], version: VcardVersion = '4.0'): string {
  return ['BEGIN:VCARD', `VERSION:${version}`, ...lines, 'END:VCARD'].map((l) => `${foldLine(l)}\r\n`).join('');
}
