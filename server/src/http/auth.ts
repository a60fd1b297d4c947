import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../db/schema.js';
import type { Actor } from '../modules/auth/actor.js';
import { resolveSession } from '../modules/auth/service.js';
import { AppError } from './errors.js';

export const SESSION_COOKIE = 'ow_session';
const ENROLMENT_ROUTES = ['/api/auth/', '/api/me/security'];

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The session may only enrol in two-factor (the centre requires it for staff). */
    mustEnrolTwoFactor: boolean;
  }
}

/** Hooks that only judge who the caller is: they run before the body is validated (see below). */
const GUARDS = new WeakSet<object>();

/** Loads the session's actor (or null) on every API request; routes then demand what they need. */
export function registerAuthentication(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('mustEnrolTwoFactor', false);
  // A caller without the right hears 401/403, never which fields of a body they may not send:
  // guards given as a route's preHandler run at preValidation instead (after parsing, before the
  // schema), whichever module declared the route.
  app.addHook('onRoute', (route) => {
    const hooks = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    const guards = hooks.filter((h) => GUARDS.has(h));
    if (!guards.length) return;
    route.preHandler = hooks.filter((h) => !GUARDS.has(h));
    const before = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation];
    route.preValidation = [...guards, ...before];
  });
  // A callback, not an async function: most requests carry no session (public lookups, the web
  // app's files) and an async hook would cost each of them a promise and a turn of the microtask queue.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!request.url.startsWith('/api/')) return done();
    const token = request.cookies[SESSION_COOKIE];
    if (!token || token.length > 100) return done();
    resolveSession(app.deps.sessionDb ?? app.deps.db, token, {
      idleMinutes: app.deps.config.sessionIdleMinutes,
      maxHours: app.deps.config.sessionMaxHours,
    }).then((resolved) => {
      if (!resolved) return done();
      const { mustEnrolTwoFactor, ...actor } = resolved;
      request.actor = actor;
      request.mustEnrolTwoFactor = mustEnrolTwoFactor;
      // Held to enrolment: everything but signing in and out and the security settings is refused.
      if (mustEnrolTwoFactor && !ENROLMENT_ROUTES.some((prefix) => request.url.startsWith(prefix))) {
        return done(new AppError('FORBIDDEN', '本中心要求工作人员使用双因素认证，请先在“账户安全”中绑定'));
      }
      done();
    }, done);
  });
}

/** The logged-in actor, or 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  return request.actor;
}

/** preHandler: the caller must be logged in with one of these roles. */
export function requireRole(...roles: Role[]) {
  const guard = async (request: FastifyRequest, _reply: FastifyReply) => {
    const actor = requireActor(request);
    if (!roles.includes(actor.role)) throw new AppError('FORBIDDEN', '当前角色无权访问');
  };
  GUARDS.add(guard);
  return guard;
}

/** preHandler: the caller must be logged in (any role); the service decides the rest. */
export const requireLogin = async (request: FastifyRequest, _reply: FastifyReply) => {
  requireActor(request);
};
GUARDS.add(requireLogin);

/**
 * preHandler for the few machine endpoints that also take a Bearer token (the e-supervision feed):
 * a session or a token must be there before the query is validated; the route checks the token.
 */
export const requireLoginOrBearer = async (request: FastifyRequest, _reply: FastifyReply) => {
  if (request.headers.authorization?.startsWith('Bearer ')) return;
  requireActor(request);
};
GUARDS.add(requireLoginOrBearer);
