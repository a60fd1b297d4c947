import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { notFound } from '../../http/errors.js';
import { sealSvg } from './image.js';
import { sealSignerFor } from './keystore.js';
import * as repo from './repo.js';
import { ZPublishedSealList, ZSealCreated } from './schema.js';
import { createSeal, publishedSeals, revokeSeal } from './service.js';
import { ZId } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };

/** 电子印章: the published public keys (anyone), the seal images, and the administrator's 制章 / 轮换 / 注销. */
export const sealRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;

  app.get(
    '/api/public/seals',
    { schema: { tags: ['seals'], summary: '公开的印章公钥（SM2，SM3，用户标识 1234567812345678）', response: { 200: ZPublishedSealList, ...errors } } },
    async () => ({ seals: await publishedSeals(db) }),
  );

  app.get(
    '/api/public/seals/:id/image.svg',
    { schema: { tags: ['seals'], summary: '印章图样 (SVG)', params: z.object({ id: ZId }) } },
    async (request, reply) => {
      const seal = await repo.findSeal(db, request.params.id);
      if (!seal) throw notFound('电子印章');
      reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=3600');
      return reply.send(sealSvg(seal.department_name, seal.name));
    },
  );

  const admin = { preHandler: requireRole('admin') };
  app.get(
    '/api/admin/seals',
    { ...admin, schema: { tags: ['seals'], summary: '本中心各部门的电子印章', response: { 200: ZPublishedSealList, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const mine = new Set((await repo.listSeals(db, { centreId: actor.centreId ?? -1 })).map((s) => s.id));
      return { seals: (await publishedSeals(db)).filter((s) => mine.has(s.id)) };
    },
  );

  app.post(
    '/api/admin/seals',
    {
      ...admin,
      schema: {
        tags: ['seals'],
        summary: '制章；部门已有有效印章时即为轮换（旧章停用，已签内容仍可验证）',
        body: z.object({ departmentId: z.number().int().positive(), name: z.string().trim().min(2).max(20).optional(), validYears: z.number().int().min(1).max(20).optional() }),
        response: { 201: ZSealCreated, ...errors },
      },
    },
    async (request, reply) => {
      const seal = await createSeal(db, sealSignerFor(config), { ...request.body, actor: requireActor(request) });
      reply.status(201);
      return { id: seal.id };
    },
  );

  app.post(
    '/api/admin/seals/:id/revoke',
    {
      ...admin,
      schema: { tags: ['seals'], summary: '注销印章（此前的签名仍为“签署时有效”）', params: z.object({ id: ZId }), body: z.object({ reason: z.string().trim().min(2).max(500) }), response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await revokeSeal(db, requireActor(request), request.params.id, request.body.reason);
      return reply.status(204).send(null);
    },
  );
};
