/** Session and request user fields Puente stores. */
import 'express-session';
import type { AgencyKind } from '../../shared/schemas/agencies.js';
import type { SessionUser } from '../identity/sessions/sessionUser.js';

declare module 'express-session' {
  interface SessionData {
    /** The user's agency when the session began: read beside the user (checked against it). */
    agencyId?: string;
    /**
     * That agency's kind when the session began (absent on sessions begun before it was kept). A
     * change of the kind ends every session of the agency (agencies.service.ts), so a live session's
     * kind is the agency's: requests take it from here instead of reading the agency.
     */
    agencyKind?: AgencyKind | null;
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
