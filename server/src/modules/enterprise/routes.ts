import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { ZId } from '../../http/params.js';
import { ZAddHandlerRequest, ZEnterpriseOne, ZHandlerRemoved } from './schema.js';
import { addHandler, getEnterpriseProfile, removeHandler } from './service.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };

/** 企业经办人管理 (an enterprise account; changes by its 法定代表人 only). */
export const enterpriseRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/enterprise',
    {
      preHandler: requireRole('applicant'),
      schema: { tags: ['enterprise'], summary: '本企业信息、法定代表人与经办人', response: { 200: ZEnterpriseOne, ...errors } },
    },
    async (request) => ({ enterprise: await getEnterpriseProfile(db, requireActor(request)) }),
  );

  app.post(
    '/api/enterprise/handlers',
    {
      preHandler: requireRole('applicant'),
      schema: {
        tags: ['enterprise'],
        summary: '添加经办人（法定代表人）',
        body: ZAddHandlerRequest,
        response: { 201: ZEnterpriseOne, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await addHandler(db, actor, request.body);
      reply.status(201);
      return { enterprise: await getEnterpriseProfile(db, actor) };
    },
  );

  app.delete(
    '/api/enterprise/handlers/:memberId',
    {
      preHandler: requireRole('applicant'),
      schema: {
        tags: ['enterprise'],
        summary: '移除经办人（法定代表人）：其登录立即失效',
        params: z.object({ memberId: ZId }),
        response: { 200: ZHandlerRemoved, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { sessionsEnded } = await removeHandler(db, actor, request.params.memberId);
      return { sessionsEnded, enterprise: await getEnterpriseProfile(db, actor) };
    },
  );
};
