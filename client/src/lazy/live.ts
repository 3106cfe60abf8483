/** The live connection (Socket.IO), loaded once a session is fully signed in (state/lifecycle.ts); see bootModules.ts for the namespace. */
export * from '../live/socket.js';
export * as boot from '../bootModules.js';
