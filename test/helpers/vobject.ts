/**
 * vCards parsed by python-vobject (Debian's python3-vobject, installed by .ci/run): a parser that
 * shares no code with the writer, so what it reads is what other address books read.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ParsedProperty {
  name: string;
  /** A string, or a list for structured values (ORG). */
  value: string | string[];
  /** Parameter values as vobject splits them (`TYPE=voice,cell` → ["voice", "cell"]). */
  params: Record<string, string[]>;
}
export type ParsedCard = ParsedProperty[];

const SCRIPT = fileURLToPath(new URL('./vobjectCards.py', import.meta.url));
/** Debian's interpreter, where apt installs vobject (a pyenv `python3` earlier on PATH may lack it). */
const PYTHON = '/usr/bin/python3';

export function parseWithVobject(text: string): ParsedCard[] {
  const out = execFileSync(PYTHON, [SCRIPT], { input: Buffer.from(text, 'utf8'), maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.toString('utf8')) as ParsedCard[];
}

/** Every property of that name in one card. */
export const propertiesOf = (card: ParsedCard, name: string): ParsedProperty[] => card.filter((p) => p.name === name);
/** The value of the first property of that name. */
export const valueOf = (card: ParsedCard, name: string): ParsedProperty['value'] | undefined => propertiesOf(card, name)[0]?.value;
