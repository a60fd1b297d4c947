import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './paths.js';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { sql } from 'kysely';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from './http/deps.js';
import { registerAuthentication } from './http/auth.js';
import { clientErrorHandler, frameworkErrorHandler, registerErrorHandling } from './http/error-handler.js';
import { registerInputGuard } from './http/input-guard.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerReadRouting } from './http/read-db.js';
import { AppError } from './http/errors.js';
import { authRoutes } from './modules/auth/routes.js';
import { securityRoutes } from './modules/auth/security-routes.js';
import { registerAccessLog } from './modules/auth/access-log.js';
import { catalogRoutes } from './modules/catalog/routes.js';
import { caseRoutes } from './modules/cases/routes.js';
import { progressRoutes } from './modules/progress/routes.js';
import { homeRoutes } from './modules/home/routes.js';
import { orgRoutes } from './modules/org/routes.js';
import { staffRoutes } from './modules/org/staff-routes.js';
import { calendarRoutes } from './modules/calendar/routes.js';
import { calendarAdminRoutes } from './modules/calendar/admin-routes.js';
import { materialRoutes } from './modules/materials/routes.js';
import { notificationRoutes } from './modules/notifications/routes.js';
import { directiveRoutes } from './modules/directives/routes.js';
import { ratingRoutes } from './modules/ratings/routes.js';
import { inquiryRoutes } from './modules/inquiries/routes.js';
import { supervisionRoutes } from './modules/supervision/routes.js';
import { feedRoutes } from './modules/feed/routes.js';
import { tradingRoutes } from './modules/trading/routes.js';
import { networkRoutes } from './modules/network/routes.js';
import { staffingRoutes } from './modules/staffing/routes.js';
import { villageRoutes } from './modules/village/routes.js';
import { tongbanRoutes } from './modules/tongban/routes.js';
import { sealRoutes } from './modules/seals/routes.js';
import { licenceRoutes } from './modules/licences/routes.js';
import { archiveRoutes } from './modules/archive/routes.js';
import { agencyRoutes } from './modules/agency/routes.js';
import { jointRoutes } from './modules/joint/routes.js';
import { projectRoutes } from './modules/projects/routes.js';
import { hallCategoryRoutes } from './modules/hall-categories/routes.js';
import { appointmentRoutes } from './modules/appointments/routes.js';
import { queueRoutes } from './modules/queue/routes.js';
import { disciplineRoutes } from './modules/discipline/routes.js';
import { firstAskedRoutes } from './modules/inquiries/first-asked-routes.js';
import { assessmentRoutes } from './modules/assessment/routes.js';
import { visitRoutes } from './modules/visits/routes.js';
import { boardRoutes } from './modules/boards/routes.js';
import { intermediaryRoutes } from './modules/intermediary/routes.js';
import { identityRoutes } from './modules/identity/routes.js';
import { enterpriseRoutes } from './modules/enterprise/routes.js';
import { feeRoutes } from './modules/fees/routes.js';
import { myWorkRoutes } from './modules/mywork/routes.js';

const WEB_DIST = path.join(PROJECT_ROOT, 'web', 'dist');

/** Fields that must never reach a log line, whatever object they sit in. */
export const LOG_REDACT = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.identityNumber',
  '*.identity_number',
  '*.phone',
  '*.query_code',
  '*.queryCode',
];

/**
 * Limits are set per route. They stop guessing (passwords, query codes, SMS codes): a refused
 * request hears 429 with Retry-After, but an allowed one does not tell the guesser how many tries
 * are left, and leaving the three x-ratelimit headers off spares every public lookup three headers.
 */
export const RATE_LIMIT_OPTIONS = {
  global: false,
  addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
};

export interface BuildOptions {
  logger?: boolean | object;
  /** Serve the built web app from web/dist when it exists (off in API tests). */
  serveWeb?: boolean;
}

/**
 * One line per request, written when the answer has gone. It holds only what the req serializer
 * keeps (method and path), the status and the time: nothing the redaction could find, and its walk
 * over nine paths (wildcards) cost 17 µs a line, 4% of a progress lookup's CPU. Everything else
 * still logs through the redacting logger.
 */
export function registerRequestLog(app: FastifyInstance): void {
  const requestLog = app.log.child({}, { redact: { paths: [] } });
  app.addHook('onResponse', (request, reply, done) => {
    requestLog.info({ reqId: request.id, req: request, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime }, 'request completed');
    done();
  });
}

export async function buildApp(deps: AppDeps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // One line per request (below) instead of Fastify's two ("incoming request" and "request
    // completed"): each line is a synchronous write, a tenth of a public lookup's CPU.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // X-Forwarded-For is believed only from the configured proxies: from anyone else it would let
    // one client pose as many and escape every per-address limit.
    trustProxy: deps.config.trustProxy.length ? deps.config.trustProxy : false,
    // What the router and Node's parser refuse comes in the one error shape too.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  registerRequestLog(app);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', deps);

  registerSecurityHeaders(app);
  await app.register(cookie);
  await app.register(rateLimit, RATE_LIMIT_OPTIONS);
  registerErrorHandling(app);
  registerAuthentication(app);
  registerInputGuard(app);
  registerReadRouting(app);
  registerAccessLog(app, deps.db);

  await app.register(swagger, {
    openapi: {
      // 3.1: its schemas are JSON Schema 2020-12, which is what zod writes (nullable as type "null").
      openapi: '3.1.0',
      info: {
        title: 'onewindow API',
        version: '0.1.0',
        description:
          'One-stop government services. Every failure answers `{"error":{"code","message","details?"}}`; ' +
          'see the README for the codes. Authenticate with POST /api/auth/login (session cookie).',
      },
    },
    transform: jsonSchemaTransform,
    // Schemas registered with an id (`.meta({ id })`) become components.schemas, which the
    // operations' $refs point to.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: '健康检查 (with the read replica’s state when ONEWINDOW_READ_DATABASE_URL is set)',
        response: {
          200: z.object({
            status: z.literal('ok'),
            readReplica: z
              .object({
                ok: z.boolean().describe('the replica answered'),
                inUse: z.boolean().describe('dashboards and statistics read from it now (answering, lag within ONEWINDOW_READ_MAX_LAG_MS)'),
                lagMs: z.number().nullable(),
                bytesBehind: z.number().nullable().describe('WAL received but not yet replayed'),
              })
              .optional(),
          }),
        },
      },
    },
    async () => {
      try {
        await sql`SELECT 1`.execute(deps.db);
      } catch {
        throw new AppError('UNAVAILABLE', '数据库不可用');
      }
      if (!deps.readReplica) return { status: 'ok' as const };
      const replica = await deps.readReplica.status();
      const inUse = replica.ok && replica.lagMs !== null && replica.lagMs <= deps.readReplica.maxLagMs;
      return { status: 'ok' as const, readReplica: { ok: replica.ok, inUse, lagMs: replica.lagMs, bytesBehind: replica.bytesBehind } };
    },
  );

  await app.register(authRoutes);
  await app.register(securityRoutes);
  await app.register(orgRoutes);
  await app.register(staffRoutes);
  await app.register(catalogRoutes);
  await app.register(caseRoutes);
  await app.register(progressRoutes);
  await app.register(calendarRoutes);
  await app.register(calendarAdminRoutes);
  await app.register(materialRoutes);
  await app.register(notificationRoutes);
  await app.register(directiveRoutes);
  await app.register(ratingRoutes);
  await app.register(inquiryRoutes);
  await app.register(supervisionRoutes);
  await app.register(feedRoutes);
  await app.register(tradingRoutes);
  await app.register(networkRoutes);
  await app.register(staffingRoutes);
  await app.register(villageRoutes);
  await app.register(tongbanRoutes);
  await app.register(sealRoutes);
  await app.register(licenceRoutes);
  await app.register(archiveRoutes);
  await app.register(agencyRoutes);
  await app.register(jointRoutes);
  await app.register(projectRoutes);
  await app.register(hallCategoryRoutes);
  await app.register(appointmentRoutes);
  await app.register(queueRoutes);
  await app.register(disciplineRoutes);
  await app.register(firstAskedRoutes);
  await app.register(assessmentRoutes);
  await app.register(visitRoutes);
  await app.register(boardRoutes);
  await app.register(intermediaryRoutes);
  await app.register(identityRoutes);
  await app.register(enterpriseRoutes);
  await app.register(feeRoutes);
  await app.register(myWorkRoutes);
  await app.register(homeRoutes);

  if (options.serveWeb !== false && fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
    // Client-side routes (/portal, /hall/...) all load the single-page app.
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/api/')) throw new AppError('NOT_FOUND', '没有这个接口');
      return reply.sendFile('index.html');
    });
  }
  return app;
}
