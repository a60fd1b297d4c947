import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor, requireLogin } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { ZMyWork, ZMyWorkQuery } from './schema.js';
import { getMyWork } from './service.js';

/** 我的工作 (staff): own statistics and ratings. */
export const myWorkRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/api/me/work',
    {
      preHandler: requireLogin,
      schema: {
        tags: ['me'],
        summary: '我的工作：本人的办件统计、在办队列和评价',
        querystring: ZMyWorkQuery,
        response: { 200: ZMyWork, 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse },
      },
    },
    async (request) => getMyWork(db, requireActor(request), request.query.from, request.query.to),
  );
};
