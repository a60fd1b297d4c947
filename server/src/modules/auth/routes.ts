import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE, requireActor, requireLogin } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { completeSecondFactor, login, logout } from './service.js';
import { REGISTRATION_SENT, confirmRegistration, startRegistration } from './registration.js';
import { ZMe, ZRegistrationStarted, ZSecondFactorChallenge, ZSession } from './schema.js';

export const ZLoginRequest = z.object({
  username: z.string().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(200),
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const settings = { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours };

  const setSessionCookie = (reply: FastifyReply, token: string, expiresAt: Date) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.cookieSecure,
      expires: expiresAt,
    });
  const origin = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] ?? null });

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: '登录 (sets the HttpOnly session cookie, or asks for the second factor)',
        description:
          'With two-factor on, the answer is `{secondFactorRequired: true, challenge}` and no cookie: send the code to ' +
          '`/api/auth/login/second-factor`. `mustEnrolTwoFactor`: the centre requires two-factor for staff and this account ' +
          'has none yet; until it enrols, only /api/auth/* and /api/me/security/* answer.',
        body: ZLoginRequest,
        response: {
          200: z.union([ZSession, ZSecondFactorChallenge]),
          401: ZErrorResponse,
          429: ZErrorResponse,
        },
      },
      config: { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const result = await login(db, request.body, settings, origin(request));
      if (result.kind === 'second_factor') return { secondFactorRequired: true as const, challenge: result.challenge };
      setSessionCookie(reply, result.token, result.expiresAt);
      return { user: result.actor, mustEnrolTwoFactor: result.mustEnrolTwoFactor };
    },
  );

  app.post(
    '/api/auth/login/second-factor',
    {
      schema: {
        tags: ['auth'],
        summary: '登录第二步：动态验证码 (TOTP) 或恢复码',
        body: z.object({ challenge: z.string().min(1).max(100), code: z.string().trim().min(6).max(20) }),
        response: { 200: ZSession, 401: ZErrorResponse, 429: ZErrorResponse },
      },
      config: { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const result = await completeSecondFactor(db, request.body, settings, origin(request));
      setSessionCookie(reply, result.token, result.expiresAt);
      return { user: result.actor, mustEnrolTwoFactor: false };
    },
  );

  app.post(
    '/api/auth/register',
    {
      schema: {
        tags: ['auth'],
        summary: '申请人注册，第一步 (自然人 / 法人; ID numbers checked by their check digit): an SMS code follows',
        description:
          'The answer is the same whether the ID number is new, has an account or has been to a window; the SMS carries the difference ' +
          '(a code to the phone given, a code to the phone on file, or a notice without code to the phone on file).',
        body: z.object({
          username: z.string().regex(/^[A-Za-z0-9_.-]{3,64}$/, '3–64 位字母、数字、_.-'),
          password: z
            .string()
            .min(10, '密码至少 10 位')
            .max(200)
            .regex(/[A-Za-z]/, '密码须包含字母')
            .regex(/\d/, '密码须包含数字'),
          kind: z.enum(['natural', 'legal']),
          name: z.string().trim().min(1, '请填写姓名或单位名称').max(100),
          identityNumber: z.string().trim().length(18, '应为 18 位'),
          phone: z.string().regex(/^1[3-9]\d{9}$/, '应为 11 位手机号'),
        }),
        response: {
          202: ZRegistrationStarted,
          400: ZErrorResponse,
          409: ZErrorResponse,
          429: ZErrorResponse,
        },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { registrationId } = await startRegistration(db, request.body);
      reply.status(202);
      return { registrationId, message: REGISTRATION_SENT };
    },
  );

  app.post(
    '/api/auth/register/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: '申请人注册，第二步：短信验证码开通账户',
        body: z.object({ registrationId: z.uuid(), code: z.string().regex(/^\d{6}$/, '6 位数字') }),
        response: { 201: z.object({ user: ZMe }), 400: ZErrorResponse, 409: ZErrorResponse, 429: ZErrorResponse },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const actor = await confirmRegistration(db, request.body);
      reply.status(201);
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
    { preHandler: requireLogin,
      schema: { tags: ['auth'], summary: '当前用户', response: { 200: ZSession, 401: ZErrorResponse } },
    },
    async (request) => ({ user: requireActor(request), mustEnrolTwoFactor: request.mustEnrolTwoFactor }),
  );
};
