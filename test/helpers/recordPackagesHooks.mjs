// Module resolution hook for recordPackages.mjs (runs on Node's loader thread).
import fs from 'node:fs';

const OUT = process.env.PUENTE_RECORD_PACKAGES;
const PACKAGE = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//;

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const importer = context.parentURL ?? '';
  const name = PACKAGE.exec(resolved.url)?.[1];
  if (OUT && name && !importer.includes('/node_modules/')) fs.appendFileSync(OUT, `${name}\n`);
  return resolved;
}
