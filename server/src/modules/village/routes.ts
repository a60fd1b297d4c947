import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { forbidden } from '../../http/errors.js';
import { regionPrefix } from '../network/regions.js';
import { adminPrefix } from '../network/service.js';
import { ZAgencyApplyRequest, ZConsent, ZConsentRequest, ZPointCount, ZAgencyApplicationList } from './schema.js';
import * as service from './service.js';
import { ZId } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };

/** 村代办点: the agent's work, and the count per point for supervision. */
export const villageRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const agent = requireRole('agent');

  app.post(
    '/api/village/consents',
    { preHandler: agent, schema: { tags: ['village'], summary: '村民授权 (signature PNG, or an SMS code sent to the villager)', body: ZConsentRequest, response: { 200: ZConsent, ...errors } } },
    async (request) => service.captureConsent(db, requireActor(request), request.body),
  );

  app.post(
    '/api/village/consents/:id/confirm',
    {
      preHandler: agent,
      schema: {
        tags: ['village'],
        summary: '村民读回短信验证码',
        params: z.object({ id: ZId }),
        body: z.object({ code: z.string().regex(/^[0-9]{6}$/, '验证码为 6 位数字') }),
        response: { 200: ZConsent, ...errors },
      },
    },
    async (request) => service.confirmSmsConsent(db, requireActor(request), request.params.id, request.body.code),
  );

  app.post(
    '/api/village/applications',
    { preHandler: agent, schema: { tags: ['village'], summary: '代办申请 (needs a confirmed consent)', body: ZAgencyApplyRequest, response: { 201: z.object({ caseId: z.string() }), ...errors } } },
    async (request, reply) => {
      const created = await service.applyForVillager(db, requireActor(request), request.body);
      reply.status(201);
      return created;
    },
  );

  app.get(
    '/api/village/applications',
    { preHandler: agent, schema: { tags: ['village'], summary: '我的代办件 (tracking)', response: { 200: ZAgencyApplicationList, 401: ZErrorResponse, 403: ZErrorResponse } } },
    async (request) => ({ applications: await service.listApplications(db, requireActor(request)) }),
  );

  app.post(
    '/api/village/applications/:caseId/hand-back',
    {
      preHandler: agent,
      schema: {
        tags: ['village'],
        summary: '结果交还村民',
        params: z.object({ caseId: z.uuid() }),
        body: z.object({ note: z.string().trim().max(200).default('') }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      await service.handBack(db, requireActor(request), request.params.caseId, request.body.note);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/supervision/agency-points',
    {
      preHandler: requireRole('supervisor', 'admin'),
      schema: { tags: ['village'], summary: '各村代办点代办件统计', response: { 200: z.object({ points: z.array(ZPointCount) }), 401: ZErrorResponse, 403: ZErrorResponse } },
    },
    async (request) => {
      const actor = requireActor(request);
      const prefix = actor.role === 'admin' ? await adminPrefix(db, actor) : actor.regionCode ? regionPrefix(actor.regionCode) : null;
      if (prefix === null) throw forbidden();
      return { points: await service.countsPerPoint(db, prefix) };
    },
  );
};
