/** Identifier normalisers shared by server and client (no Node or DOM APIs). */
export * from './documents.js';
export * from './phone.js';
export * from './plate.js';
export * from './names.js';
export * from './detect.js';
