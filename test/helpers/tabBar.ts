/** The phone's navigation in e2e tests (client/src/ui/TabBar.tsx). */
import type { Page } from 'playwright-core';

/**
 * On a phone the account, the other areas and "Cerrar sesión" are behind the tab bar's "Más"
 * (ui/TabBar.tsx): opens it when the tab bar shows; on a desktop they are in the header already.
 */
export async function openMoreMenu(page: Page): Promise<void> {
  const more = page.getByTestId('tab-bar').getByRole('button', { name: /^(Más|More)$/ });
  // The tab bar shows below 48rem; after a resize it may not have rendered yet, so wait for it there.
  if ((page.viewportSize()?.width ?? Infinity) >= 768) return;
  await more.waitFor();
  if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
  await page.locator('#more-panel').waitFor();
}
