/** Request fields Puente adds. */
import 'express-serve-static-core';
import 'http';

declare module 'http' {
  interface IncomingMessage {
    /** Set by requestId(); pino-http reads it too. */
    id: string;
    /** The X-Request-Id a trusted proxy sent (TRUST_PROXY only); logged beside `id`. */
    proxyRequestId?: string;
  }
}
