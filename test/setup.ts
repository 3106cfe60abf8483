/** Mocha root hooks: one throwaway store per run, emptied before every suite that asks. */
import { startTestStore, stopTestStore } from './helpers/testStore.js';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(10 * 60_000); // the first run may build FerretDB
    await startTestStore();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await stopTestStore();
  },
};
