/** Request fields Puente adds. */
import 'express-serve-static-core';
import 'http';

declare module 'http' {
  interface IncomingMessage {
    /** Set by requestId(); pino-http reads it too. */
    id: string;
  }
}
