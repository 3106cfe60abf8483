/**
 * The seed component's public surface: other components and the composition root import only this file.
 * Demo and bulk data for development and benchmarks.
 */
export { seedBulkAlerts } from './bulkAlerts.service.js';
export { seedDemo, type DemoSeedReport } from './demo.service.js';
export { SeedRefused, assertDemoStore, assertNotProductionEnv } from './seedGuard.js';
