/**
 * Socket.IO authentication: the handshake runs the same session chain as HTTP (cookie →
 * session limits → Passport), then accepts only a fully signed-in user (MFA satisfied) and
 * joins the rooms events are addressed to.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { rooms } from '../../shared/events.js';
import { mfaSatisfied } from '../services/auth/auth.service.js';
import { viewerClassOf } from './viewerClass.js';
import type { PuenteIo } from './io.js';

type EngineMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** Runs an Express middleware only on the handshake request (not on every polling request). */
function onlyForHandshake(mw: RequestHandler): EngineMiddleware {
  return (req, res, next) => {
    const isHandshake = (req as IncomingMessage & { _query?: { sid?: string } })._query?.sid === undefined;
    if (!isHandshake) {
      next();
      return;
    }
    // Express middlewares on the raw engine request, as Socket.IO's documentation shows.
    (mw as unknown as EngineMiddleware)(req, res, next);
  };
}

export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

export function authenticateSockets(io: PuenteIo, sessionChain: RequestHandler[], mfaRequiredRoles: readonly string[]): void {
  for (const mw of sessionChain) io.engine.use(onlyForHandshake(mw));
  io.use((socket, next) => {
    const req = socket.request as IncomingMessage & { user?: Express.User; sessionID?: string };
    const user = req.user;
    if (!user || !req.sessionID || !mfaSatisfied(user, mfaRequiredRoles)) {
      next(new Error('unauthenticated'));
      return;
    }
    socket.data.userId = user.id;
    socket.data.sessionId = req.sessionID;
    socket.data.user = user;
    const cls = viewerClassOf(user);
    void socket.join([
      rooms.user(user.id),
      rooms.agency(user.agencyId),
      rooms.country(user.country),
      rooms.agencyClass(user.agencyId, cls),
      rooms.countryClass(user.country, cls),
      sessionRoom(req.sessionID),
    ]);
    next();
  });
}
