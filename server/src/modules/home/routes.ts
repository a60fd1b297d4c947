import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZErrorResponse } from '../../http/error-schema.js';
import { ZHome, ZHomeQuery } from './schema.js';
import { homePage } from './service.js';
import { readDb } from '../../http/read-db.js';

/** 首页 (public, no login): hot items, notices and how to reach the centre. */
export const homeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/public/home',
    { schema: { tags: ['home'], summary: '首页：热门事项、通知公告、中心地址电话与办公时间 (public)', querystring: ZHomeQuery, response: { 200: ZHome, 400: ZErrorResponse } } },
    async (request) => homePage(await readDb(request), request.query),
  );
};
