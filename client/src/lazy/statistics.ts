/** Screen group "statistics", loaded on demand (routes.ts); the boot namespace keeps the shared code in one chunk (bootModules.ts). */
export * from '../screens/statistics/index.js';
export * as boot from '../bootModules.js';
