/**
 * A server process for the HTTP benchmarks, so the load generator and the server do not share an
 * event loop and the server's memory can be read on its own.
 *   BENCH_SERVER=app   the real onewindow app (buildApp), production logger options
 *   BENCH_SERVER=bare  a bare Fastify with two routes: one INSERT, one primary-key SELECT
 *   BENCH_SERVER=route the progress lookup route alone (zod, Kysely), with the app's plugins named in
 *                      ROUTE_PLUGINS in front of it (logger, security, cookie, ratelimit): what
 *                      each layer of a lookup costs (bench/lookup-layers.ts)
 * DATABASE_URL, PORT and POOL (connections) come from the environment; it prints "listening" once ready.
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import pg from 'pg';
import { buildApp, RATE_LIMIT_OPTIONS, registerRequestLog } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { createDatabase } from '../../server/src/db/database.js';
import type { AppDeps } from '../../server/src/http/deps.js';
import { registerSecurityHeaders } from '../../server/src/http/security-headers.js';
import { loggerOptions } from '../../server/src/logger.js';
import { progressRoutes } from '../../server/src/modules/progress/routes.js';

const url = process.env.DATABASE_URL!;
const port = Number(process.env.PORT);
const poolSize = Number(process.env.POOL ?? 10);
// The app's and the route's: the bench is one client address doing thousands of lookups a second.
const config = { ...loadConfig({ ...process.env, DATABASE_URL: url }), progressRateLimit: 1_000_000, loginRateLimit: 1_000_000 };
const logger = loggerOptions(process.env.LOG_LEVEL ?? 'info');

if (process.env.BENCH_SERVER === 'bare') {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const app = Fastify({ logger: false });
  app.post('/bare/rows', async (request, reply) => {
    const { rows } = await pool.query('INSERT INTO bench_bare_rows (payload) VALUES ($1) RETURNING id', [JSON.stringify(request.body)]);
    reply.status(201);
    return { id: rows[0].id };
  });
  app.get<{ Params: { id: string } }>('/bare/rows/:id', async (request) => {
    const { rows } = await pool.query('SELECT id, payload, created_at FROM bench_bare_rows WHERE id = $1', [request.params.id]);
    return { row: rows[0] ?? null };
  });
  await app.listen({ port, host: '127.0.0.1' });
} else if (process.env.BENCH_SERVER === 'route') {
  const plugins = new Set((process.env.ROUTE_PLUGINS ?? '').split(',').filter(Boolean));
  const { db } = createDatabase(url, poolSize);
  // As buildApp does it: Fastify's two request lines off, one line per request from the hook.
  const app = Fastify({ logger: plugins.has('logger') ? logger : false, logController: new LogController({ disableRequestLogging: true }) });
  if (plugins.has('logger')) registerRequestLog(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', { db, config } as unknown as AppDeps);
  if (plugins.has('security')) registerSecurityHeaders(app);
  if (plugins.has('cookie')) await app.register(cookie);
  if (plugins.has('ratelimit')) await app.register(rateLimit, RATE_LIMIT_OPTIONS);
  await app.register(progressRoutes);
  await app.listen({ port, host: '127.0.0.1' });
} else {
  const { db } = createDatabase(url, poolSize);
  const app = await buildApp({ db, config }, { serveWeb: false, logger });
  await app.listen({ port, host: '127.0.0.1' });
}
console.log('listening');
// Steady-state CPU profile: SIGUSR2 starts the V8 profiler (after the warm-up, so start-up and
// module compilation stay out of it), SIGINT writes BENCH_CPU_PROFILE and exits.
const profileFile = process.env.BENCH_CPU_PROFILE;
const session = profileFile ? new inspector.Session() : undefined;
const post = (method: string, params?: object) =>
  new Promise<any>((resolve, reject) => session!.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
if (session) {
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  process.on('SIGUSR2', () => void post('Profiler.start'));
}
process.on('SIGINT', async () => {
  if (session && profileFile) {
    const { profile } = await post('Profiler.stop').catch(() => ({ profile: undefined }));
    if (profile) fs.writeFileSync(profileFile, JSON.stringify(profile));
  }
  process.exit(0);
});
