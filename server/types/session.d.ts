/** Session and request user fields Puente stores. */
import 'express-session';
import type { SessionUser } from '../http/sessionUser.js';

declare module 'express-session' {
  interface SessionData {
    /** The user's agency when the session began: read beside the user (checked against it). */
    agencyId?: string;
    csrfToken: string;
    /** When this login started (ms), for the absolute lifetime. */
    createdAt: number;
    /** Last request (ms), for the idle timeout. */
    lastSeenAt: number;
    /** The user's sessionEpoch at login; a bump elsewhere ends this session. */
    epoch: number;
    /** Set between the password and the TOTP step. */
    pendingMfa?: { userId: string; at: number };
    /** Passport's record of the signed-in user id. */
    passport?: { user?: string };
  }
}

declare global {
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}
