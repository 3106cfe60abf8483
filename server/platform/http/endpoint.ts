/**
 * endpoint(spec, handler): the one shape of a route handler. Validates body, query and params
 * with zod, hands the handler an Actor (never req/res to services), sends its result as JSON,
 * and audits every policy refusal as `authz.denied`.
 */
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { Actor } from '../actor.js';
import { PolicyDenied } from '../authorize.js';
import { recordAudit } from '../auditTrail/auditTrail.js';
import { actorOf, type RequestContext } from '../actor.js';
import { DomainError } from '../errors.js';
import { DeadlineExceeded, runUnbounded, runWithDeadline } from '../store/index.js';
import type { Instance } from '../instance.js';

export interface EndpointContext<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  /** The signed-in actor; reading it without a user throws 401. */
  readonly actor: Actor;
  context: RequestContext;
  req: Request;
  res: Response;
}

export interface EndpointSpec<B, Q, P> {
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Success status (default 200; a handler returning undefined answers 204). */
  status?: number;
}

const NO_QUERY = z.strictObject({});

/** Each endpoint's spec by its handler: lets a test walk the built app and find every route's schemas. */
const specs = new WeakMap<RequestHandler, EndpointSpec<unknown, unknown, unknown>>();

/** The spec a handler was built from by endpoint(); undefined for any other handler. */
export function endpointSpecOf(handler: unknown): EndpointSpec<unknown, unknown, unknown> | undefined {
  return typeof handler === 'function' ? specs.get(handler as RequestHandler) : undefined;
}

export function requestContext(req: Request): RequestContext {
  return { ip: req.ip, requestId: String(req.id), userAgent: req.get('user-agent') };
}

function actorFor(req: Request): Actor {
  const u = req.user;
  if (!u) throw new DomainError('unauthenticated');
  return actorOf(
    { _id: u.id, agencyId: u.agencyId, country: u.country, roles: u.roles, agencyKind: u.agencyKind } as never,
    requestContext(req),
  );
}

export function endpoint<B = undefined, Q = undefined, P = undefined>(
  instance: Instance,
  spec: EndpointSpec<B, Q, P>,
  handler: (ctx: EndpointContext<B, Q, P>) => Promise<unknown>,
): RequestHandler {
  const handle: RequestHandler = async (req, res) => {
    const body = (spec.body ? spec.body.parse(req.body ?? {}) : undefined) as B;
    // An endpoint without a query schema takes no query at all: unknown keys are a 400 like anywhere else.
    const query = (spec.query ? spec.query.parse(req.query) : NO_QUERY.parse(req.query ?? {})) as Q;
    const params = (spec.params ? spec.params.parse(req.params) : undefined) as P;
    const ctx: EndpointContext<B, Q, P> = {
      body,
      query,
      params,
      get actor() {
        return actorFor(req);
      },
      context: requestContext(req),
      req,
      res,
    };
    try {
      // Under the request's deadline: once it is answered 503 for running too long, its handler's
      // lock waits and write stop there (platform/store/writeDeadline.ts).
      const result = await (req.deadline ? runWithDeadline(req.deadline, () => handler(ctx)) : handler(ctx));
      if (res.headersSent) return;
      if (result === undefined) res.status(204).end();
      else res.status(spec.status ?? 200).json(result);
    } catch (err) {
      // Already answered 503 (requestDeadline.ts): this is the handler stopping, as it should.
      if (err instanceof DeadlineExceeded && res.headersSent) return;
      if (err instanceof PolicyDenied) {
        // Recorded whatever the request's deadline: the trail keeps every refusal.
        await runUnbounded(() =>
          recordAudit(instance, {
            actor: req.user ? actorFor(req) : null,
            action: 'authz.denied',
            outcome: 'failure',
            targetType: err.targetType,
            targetId: err.targetId,
            details: { attempted: err.action, method: req.method, path: req.baseUrl + req.path },
            ip: req.ip ?? null,
            requestId: String(req.id),
          }),
        );
      }
      throw err;
    }
  };
  specs.set(handle, spec as EndpointSpec<unknown, unknown, unknown>);
  return handle;
}
