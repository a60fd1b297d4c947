import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Security headers on every response (helmet): CSP, HSTS, nosniff, frame and referrer policies.
 *
 * Why not @fastify/helmet: it calls `helmet(options)` on every request, rebuilding the middleware
 * and its Content-Security-Policy string each time (5% of a progress lookup's server CPU). The
 * options never change, so the middleware is built once; the headers are the same.
 */
const securityHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      // antd writes its styles at run time (CSS-in-JS).
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      scriptSrc: ["'self'"],
      connectSrc: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
});

/**
 * The headers helmet writes, taken once: every directive above is a constant (no per-request
 * nonce), so each response gets the same set, and running helmet's eleven middlewares per request
 * only rebuilt it (2% of a progress lookup's server CPU). A directive that becomes a function
 * (a nonce) must go back to running helmet per request.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = (() => {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  securityHeaders({} as IncomingMessage, response as unknown as ServerResponse, () => {
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously: the security headers cannot be taken once');
  return Object.freeze(headers);
})();

const headerList = Object.entries(SECURITY_HEADERS);

export function registerSecurityHeaders(app: FastifyInstance): void {
  // On the raw response, as helmet does, so hijacked replies (the big screens' event streams) carry them too.
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headerList) reply.raw.setHeader(name, value);
    done();
  });
}
