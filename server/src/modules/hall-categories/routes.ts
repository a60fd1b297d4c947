import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { notFound } from '../../http/errors.js';
import { findCentreName } from '../catalog/repo.js';
import { itemsOfCategory, listCategories, listPublicCentres } from './repo.js';
import { ZBookableItems, ZCategoryInput, ZCategoryList, ZCentreCategories, ZPublicCentres } from './schema.js';
import { saveCategory } from './service.js';
import { ZId } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };

/** 业务类别 and their window groups: read by the kiosk and the booking page, kept by the administrator. */
export const hallCategoryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/public/centres/:centreId/categories',
    {
      schema: {
        tags: ['hall'],
        summary: '业务类别 of a centre (public: the ticket kiosk and the booking page)',
        params: z.object({ centreId: ZId }),
        response: { 200: ZCentreCategories, ...errors },
      },
    },
    async (request) => {
      const centre = await findCentreName(db, request.params.centreId);
      if (!centre) throw notFound('服务中心');
      return { centreName: centre.name, categories: await listCategories(db, request.params.centreId, { activeOnly: true }) };
    },
  );

  app.get(
    '/api/public/centres',
    {
      schema: {
        tags: ['hall'],
        summary: '服务中心列表 (public: booking, kiosk and boards pick a centre)',
        response: { 200: ZPublicCentres },
      },
    },
    async () => ({ centres: await listPublicCentres(db) }),
  );

  app.get(
    '/api/public/categories/:id/items',
    {
      schema: {
        tags: ['hall'],
        summary: '可在此业务类别下预约的事项 (public)',
        params: z.object({ id: ZId }),
        response: { 200: ZBookableItems, ...errors },
      },
    },
    async (request) => ({ items: await itemsOfCategory(db, request.params.id) }),
  );

  app.get(
    '/api/admin/hall/categories',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['hall'], summary: '本中心的业务类别（含停用）', response: { 200: ZCategoryList, ...errors } },
    },
    async (request) => ({ categories: await listCategories(db, requireActor(request).centreId ?? -1) }),
  );

  app.post(
    '/api/admin/hall/categories',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['hall'], summary: '新增业务类别及其窗口组', body: ZCategoryInput, response: { 201: z.object({ id: z.number() }), ...errors } },
    },
    async (request, reply) => {
      reply.status(201);
      return saveCategory({ db, actor: requireActor(request), input: request.body });
    },
  );

  app.put(
    '/api/admin/hall/categories/:id',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['hall'],
        summary: '修改业务类别及其窗口组',
        params: z.object({ id: ZId }),
        body: ZCategoryInput,
        response: { 200: z.object({ id: z.number() }), ...errors },
      },
    },
    async (request) => saveCategory({ db, actor: requireActor(request), id: request.params.id, input: request.body }),
  );
};
