/** Identifier normalisers shared by server and client (pure: no Node or DOM APIs). */
export * from './checkDigits.js';
export * from './detect.js';
export * from './documents.js';
export * from './fold.js';
export * from './names.js';
export * from './phone.js';
export * from './phoneLike.js';
export * from './phonetic.js';
export * from './plate.js';
export * from './prefix.js';
export * from './typos.js';
