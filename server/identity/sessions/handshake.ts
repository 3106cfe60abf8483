/**
 * Socket.IO authentication: the handshake runs the same session chain as HTTP (cookie →
 * session limits → Passport), then accepts only a fully signed-in user (MFA satisfied) and
 * joins the rooms events are addressed to. The statistics role gets no socket at all.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { rooms } from '../../../shared/events.js';
import type { Session, SessionData } from 'express-session';
import { sessionDeadline, type SessionSettings } from './session.js';
import { mfaSatisfied } from '../../platform/actor.js';
import { viewerClassOf } from '../viewerClass.js';
import { confinedToStatistics } from '../roles.policy.js';
import type { PuenteIo } from '../../platform/realtime/io.js';

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

export function authenticateSockets(
  io: PuenteIo,
  sessionChain: RequestHandler[],
  mfaRequiredRoles: readonly string[],
  sessionSettings: SessionSettings,
): void {
  for (const mw of sessionChain) io.engine.use(onlyForHandshake(mw));
  io.use((socket, next) => {
    const req = socket.request as IncomingMessage & { user?: Express.User; sessionID?: string; session?: Session & Partial<SessionData> };
    const user = req.user;
    const createdAt = req.session?.createdAt;
    if (!user || !req.sessionID || createdAt === undefined || !mfaSatisfied(user, mfaRequiredRoles)) {
      next(new Error('unauthenticated'));
      return;
    }
    // The commission's statistics seat reads tables over HTTP only: no rooms, no alert events, no
    // client events (issue 29). Refused here, before any room is joined.
    if (confinedToStatistics(user)) {
      next(new Error('forbidden'));
      return;
    }
    socket.data.userId = user.id;
    socket.data.sessionId = req.sessionID;
    socket.data.user = user;
    socket.data.sessionDeadline = sessionDeadline({ createdAt, lastSeenAt: req.session?.lastSeenAt }, sessionSettings);
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
