/** Request fields Puente adds. */
import 'express-serve-static-core';
import 'http';
import type { WriteDeadline } from '../platform/store/writeDeadline.js';

declare module 'http' {
  interface IncomingMessage {
    /** Set by requestId(); pino-http reads it too. */
    id: string;
    /** The X-Request-Id a trusted proxy sent (TRUST_PROXY only); logged beside `id`. */
    proxyRequestId?: string;
    /** Expired when the request is answered 503 for running too long (app.ts); services see it through writeDeadline.ts. */
    deadline?: WriteDeadline;
  }
}
