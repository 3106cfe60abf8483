/** Debian's Chromium driven by playwright-core (never a downloaded browser). */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);

export function chromiumPath(): string | null {
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

/** Launches headless Chromium, or skips (fails under PUENTE_REQUIRE_SERVICES=1) when absent. */
export async function launchBrowser(ctx: Mocha.Context): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    const reason = 'Chromium is not installed (apt-get install -y chromium)';
    if (process.env.PUENTE_REQUIRE_SERVICES === '1') throw new Error(reason);
    process.stderr.write(`  [skipped] ${reason}\n`);
    ctx.skip();
  }
  return launchChromium(executablePath);
}

/** Headless Debian Chromium with the flags every run uses (tests and benchmarks). */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
