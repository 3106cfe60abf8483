/**
 * What a browser page's origin keeps on the device, read from inside the page: the app's
 * IndexedDB records, every store's entry count, Cache Storage names and service workers; and
 * waits for the service worker's shell. Used by the suites that check what a device keeps.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';

/** Every record of the app's IndexedDB store, as JSON text by key (nothing when the database does not exist). */
export function deviceRecords(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    // Opening a database that does not exist would create it without the app's store.
    if (!(await indexedDB.databases()).some((d) => d.name === 'puente')) return {};
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('puente');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      if (!db.objectStoreNames.contains('local')) return {};
      const store = db.transaction('local').objectStore('local');
      const [keys, values] = await Promise.all(
        [store.getAllKeys(), store.getAll()].map(
          (req) =>
            new Promise<unknown[]>((resolve, reject) => {
              req.onsuccess = () => resolve(req.result as unknown[]);
              req.onerror = () => reject(req.error);
            }),
        ),
      );
      return Object.fromEntries(keys!.map((k, i) => [String(k), JSON.stringify(values![i])]));
    } finally {
      db.close();
    }
  });
}

/** What the page's origin still keeps: entries per IndexedDB store, Cache Storage names, service workers. */
export function deviceLeftovers(page: Page) {
  return page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    const entries: Record<string, number> = {};
    for (const { name } of dbs) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        entries[`${name}/${store}`] = await new Promise<number>((resolve) => {
          const req = db.transaction(store).objectStore(store).count();
          req.onsuccess = () => resolve(req.result);
        });
      }
      db.close();
    }
    return { entries, caches: await caches.keys(), workers: (await navigator.serviceWorker.getRegistrations()).length };
  });
}

/** Every IndexedDB store empty, no cache, no service worker. */
export async function expectNothingLeft(page: Page): Promise<void> {
  const left = await deviceLeftovers(page);
  expect(
    Object.values(left.entries).every((n) => n === 0),
    JSON.stringify(left.entries),
  ).to.equal(true);
  expect(left.caches).to.deep.equal([]);
  expect(left.workers).to.equal(0);
}

/** Waits until the service worker controls the page and its shell cache exists. */
export async function shellCached(page: Page): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await page.evaluate(async () => !!navigator.serviceWorker.controller && (await caches.keys()).length > 0)) return;
    await page.waitForTimeout(200);
  }
  throw new Error('the shell was not cached');
}

/** Polls `check` until it holds (bounded). */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
