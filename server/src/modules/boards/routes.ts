import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { ZBoard } from './schema.js';
import { disclosureBoard, saveStaffProfile, staffPhoto } from './service.js';
import { ZId } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse };


/** 五公开 / 阳光收费 boards for the hall's LED and touch screens. */
export const boardRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/public/boards/:centreId',
    { schema: { tags: ['boards'], summary: '五公开: items (basis, process, limits, fees) and staff on duty (public)', params: z.object({ centreId: ZId }), response: { 200: ZBoard, ...errors } } },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=30');
      return disclosureBoard(db, request.params.centreId);
    },
  );

  app.get(
    '/api/public/staff/:id/photo',
    { schema: { tags: ['boards'], summary: '在岗人员照片 (public, on the board)', params: z.object({ id: ZId }) } },
    async (request, reply) => {
      const { photo, type } = await staffPhoto(db, request.params.id);
      return reply.header('content-type', type).header('cache-control', 'public, max-age=300').send(photo);
    },
  );

  app.put(
    '/api/admin/staff/:id/profile',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['boards'],
        summary: '公示信息：工号、职责、照片',
        params: z.object({ id: ZId }),
        body: z.object({ staffNumber: z.string().trim().max(20), duties: z.string().trim().max(200), photo: z.string().max(1_500_000).nullable().optional() }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      await saveStaffProfile(db, requireActor(request), request.params.id, request.body);
      return { ok: true as const };
    },
  );
};
