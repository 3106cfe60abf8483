/** Request fields Puente adds. */
import 'express-serve-static-core';
import 'http';

declare module 'http' {
  interface IncomingMessage {
    /** Set by requestId(); pino-http reads it too. */
    id: string;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** True once a route-specific parser (e.g. photo upload) has read the body. */
    bodyConsumed?: boolean;
  }
}
