/**
 * Issue 26, item 1, in the browser: a live event must not replace the device's catch-up cursor
 * (which lists the entries still in flight on the server), or a disconnect right after it loses
 * an alert whose insert was slow.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { Page } from 'playwright-core';
import { type AlertDoc } from '../../server/alerts/Alert.js';
import { logAlertChange } from '../../server/alerts/changeLog/alertChanges.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { PHONE, signedInPage, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';
import { Alert } from '../helpers/models.js';

/** The catch-up cursor the page keeps in IndexedDB (client/src/live/localStore.ts), decoded. */
async function storedCursor(page: Page): Promise<{ c: number; p?: number[] } | null> {
  const raw = await page.evaluate(
    () =>
      new Promise<string | null>((resolve, reject) => {
        const open = indexedDB.open('puente');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('local').objectStore('local').get('alerts-cursor');
          get.onerror = () => reject(get.error);
          get.onsuccess = () => {
            open.result.close();
            resolve((get.result as string | undefined) ?? null);
          };
        };
      }),
  );
  // The position before the cursor's signature (22 characters, server/alerts/changeLog/catchUpCursors.ts).
  return raw ? (JSON.parse(Buffer.from(raw.slice(0, -22), 'base64url').toString('utf8')) as { c: number; p?: number[] }) : null;
}

describe('e2e: the device cursor keeps an alert still in flight across a live event and a disconnect', function () {
  this.timeout(120_000);
  let e: E2e;
  let arApi: ApiClient;

  before(async function () {
    e = await startE2e(this);
    arApi = await signIn(e.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
  });
  after(() => stopE2e(e));

  it('the slow alert appears after reconnecting', async () => {
    const { page, context } = await signedInPage(e, await buildUser({ agency: await buildAgency({ country: 'PY' }), mfa: true }), {
      viewport: PHONE,
    });
    const card = (reference: string) => page.locator(`li.alert-card[data-reference="${reference}"]`);
    await page.locator('[data-connection="online"]').waitFor();

    // A creation logged whose insert has not landed, and an alert posted after it.
    const lateId = new mongoose.Types.ObjectId();
    const lateSeq = await logAlertChange(e.server.instance, String(lateId), 'created');
    const after = (await arApi.post('/api/v1/alerts', alertBody({ title: 'Después', sensitivity: 'standard' })).expect(201)).body;
    await card(after.reference).waitFor();
    // A reconnect catches up: the stored cursor now carries the late entry as pending.
    await context.setOffline(true);
    await page.locator('[data-connection="offline"]').waitFor();
    await context.setOffline(false);
    await page.locator('[data-connection="online"]').waitFor();
    const deadline = Date.now() + 10_000;
    while (!(await storedCursor(page))?.p?.includes(lateSeq)) {
      if (Date.now() > deadline) throw new Error(`the stored cursor lost the pending entry: ${JSON.stringify(await storedCursor(page))}`);
      await page.waitForTimeout(100);
    }

    // A live event for a later alert, and the connection drops right after it.
    const later = (await arApi.post('/api/v1/alerts', alertBody({ title: 'Más tarde', sensitivity: 'standard' })).expect(201)).body;
    await card(later.reference).waitFor();
    await context.setOffline(true);
    await page.locator('[data-connection="offline"]').waitFor();
    expect((await storedCursor(page))?.p, 'the pending entry is still in the stored cursor').to.include(lateSeq);

    // The slow insert lands (with the position it was logged at, as createAlert writes it).
    const template = (await Alert.findById(after.id).lean<AlertDoc>())!;
    const reference = 'AR-2026-LATE77';
    await Alert.collection.insertOne({ ...template, _id: lateId, reference, title: 'Tardía', changeSeq: lateSeq } as never);

    await context.setOffline(false);
    await card(reference).waitFor({ timeout: 10_000 });
    expect(await card(reference).count()).to.equal(1);
    await context.close();
  });
});
