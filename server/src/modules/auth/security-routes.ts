import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE, requireActor, requireLogin, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { ZPasswordChanged, ZRecoveryCodes, ZSecuritySetting, ZSecurityStatus, ZSessionList, ZTotpSetup } from './security-schema.js';
import { changePassword, listSessions, revokeSession } from './security.js';
import { queryInt } from '../../http/params.js';
import {
  confirmEnrolment,
  disableTwoFactor,
  isStaffTwoFactorRequired,
  regenerateRecoveryCodes,
  securityStatus,
  setStaffTwoFactorRequired,
  startEnrolment,
} from './two-factor.js';

const ZCode = z.object({ code: z.string().trim().min(6, '请输入验证码').max(20) });

/** 账户安全: the caller's own second factor, password and sessions; the centre's 2FA rule. */
export const securityRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['account security'];

  app.get(
    '/api/me/security',
    { preHandler: requireLogin, schema: { tags, summary: '账户安全状态', response: { 200: ZSecurityStatus, 401: ZErrorResponse } } },
    async (request) => securityStatus(db, requireActor(request)),
  );

  app.post(
    '/api/me/security/totp/setup',
    { preHandler: requireLogin,
      schema: {
        tags,
        summary: '绑定双因素认证，第一步：新密钥与二维码 (otpauth://)',
        response: { 200: ZTotpSetup, 401: ZErrorResponse },
      },
    },
    async (request) => startEnrolment(db, requireActor(request)),
  );

  app.post(
    '/api/me/security/totp/enable',
    {
      schema: {
        tags,
        summary: '绑定双因素认证，第二步：应用显示的验证码；恢复码仅此一次显示',
        body: ZCode,
        response: { 200: ZRecoveryCodes, 400: ZErrorResponse, 401: ZErrorResponse, 409: ZErrorResponse },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request) => confirmEnrolment(db, requireActor(request), request.body.code),
  );

  app.post(
    '/api/me/security/totp/disable',
    {
      schema: { tags, summary: '解绑双因素认证（需当前验证码）', body: ZCode, response: { 200: z.object({ ok: z.literal(true) }), 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse } },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request) => {
      await disableTwoFactor(db, requireActor(request), request.body.code);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/me/security/recovery-codes',
    {
      schema: { tags, summary: '重新生成恢复码（旧码作废）', body: ZCode, response: { 200: ZRecoveryCodes, 400: ZErrorResponse, 401: ZErrorResponse } },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request) => regenerateRecoveryCodes(db, requireActor(request), request.body.code),
  );

  app.post(
    '/api/me/security/password',
    {
      schema: {
        tags,
        summary: '修改密码：至少 12 位、三类字符、不含用户名、不同于最近 5 次；其他会话全部下线',
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }),
        response: { 200: ZPasswordChanged, 400: ZErrorResponse, 401: ZErrorResponse },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request) => changePassword(db, requireActor(request), { ...request.body, currentToken: request.cookies[SESSION_COOKIE]! }),
  );

  app.get(
    '/api/me/security/sessions',
    { preHandler: requireLogin, schema: { tags, summary: '我的登录会话', response: { 200: ZSessionList, 401: ZErrorResponse } } },
    async (request) => ({ sessions: await listSessions(db, requireActor(request), request.cookies[SESSION_COOKIE]!) }),
  );

  app.delete(
    '/api/me/security/sessions/:id',
    { preHandler: requireLogin,
      schema: {
        tags,
        summary: '结束一个会话（下线）',
        params: z.object({ id: queryInt(1, Number.MAX_SAFE_INTEGER) }),
        response: { 200: z.object({ ok: z.literal(true) }), 401: ZErrorResponse, 404: ZErrorResponse },
      },
    },
    async (request) => {
      await revokeSession(db, requireActor(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/admin/settings/security',
    { preHandler: requireRole('admin'), schema: { tags, summary: '安全设置', response: { 200: ZSecuritySetting, 401: ZErrorResponse, 403: ZErrorResponse } } },
    async () => ({ staffTwoFactorRequired: await isStaffTwoFactorRequired(db) }),
  );

  app.put(
    '/api/admin/settings/security',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: '安全设置：工作人员必须使用双因素认证',
        body: ZSecuritySetting,
        response: { 200: ZSecuritySetting, 401: ZErrorResponse, 403: ZErrorResponse },
      },
    },
    async (request) => {
      await setStaffTwoFactorRequired(db, requireActor(request), request.body.staffTwoFactorRequired);
      return { staffTwoFactorRequired: request.body.staffTwoFactorRequired };
    },
  );
};
