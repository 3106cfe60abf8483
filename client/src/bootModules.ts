/**
 * What the entry (main.tsx) runs, in one module. Every module loaded on demand (`lazy/*.ts`)
 * re-exports this namespace too, so for esbuild's code splitting each part of the first screen's
 * code is reached from every entry point alike and lands in one shared chunk — not in one small
 * chunk per combination of screen groups that happen to use it. On HTTP/1.1 over a 400 ms link
 * each file is a round trip (issue 25; docs/client.md "Weak link").
 */
export { render } from 'preact';
export { App } from './app.js';
export { bootSession } from './state/lifecycle.js';
