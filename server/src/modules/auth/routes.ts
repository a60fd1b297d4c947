import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE, requireActor } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { login, logout } from './service.js';

export const ZLoginRequest = z.object({
  username: z.string().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(200),
});

export const ZMe = z
  .object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(['applicant', 'clerk', 'reviewer', 'admin', 'supervisor']),
    applicantKind: z.enum(['natural', 'legal']).nullable(),
    centreId: z.number().nullable(),
    departmentId: z.number().nullable(),
    windowId: z.number().nullable(),
    regionCode: z.string().nullable(),
  })
  .meta({ id: 'Me' });

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const settings = { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours };

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: '登录 (sets the HttpOnly session cookie)',
        body: ZLoginRequest,
        response: { 200: z.object({ user: ZMe }), 401: ZErrorResponse, 429: ZErrorResponse },
      },
      config: { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { token, actor, expiresAt } = await login(db, request.body, settings);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure,
        expires: expiresAt,
      });
      return { user: actor };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: '退出登录', response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { tags: ['auth'], summary: '当前用户', response: { 200: z.object({ user: ZMe }), 401: ZErrorResponse } } },
    async (request) => ({ user: requireActor(request) }),
  );
};
