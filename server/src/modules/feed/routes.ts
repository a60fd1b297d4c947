import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireLoginOrBearer, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError } from '../../http/errors.js';
import type { Database } from '../../db/database.js';
import { ZFeedPullQuery, ZFeedPullResponse, ZPullToken, ZRotatedSecret, ZSecret, ZSubscriberCreate, ZSubscriberCreated, ZSubscriberList, ZSubscriberParams, ZSubscriberUpdate } from './schema.js';
import * as service from './service.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse, 429: ZErrorResponse };

/**
 * A bearer token is accepted here and nowhere else: it reads the feed of its subscriber's centre
 * and cannot log in, see a case or change anything.
 */
async function feedReader(db: Database, request: FastifyRequest): Promise<service.FeedReader> {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return service.readerForToken(db, header.slice(7).trim());
  const actor = requireActor(request);
  if (actor.role !== 'supervisor' && actor.role !== 'admin') throw new AppError('FORBIDDEN', '当前角色无权访问');
  return { actor };
}

/** 电子监察数据对接: the case-event feed (pull) and its webhook subscribers (push). */
export const feedRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/feed/case-events',
    { preHandler: requireLoginOrBearer,
      schema: {
        tags: ['feed'],
        summary: '办件过程数据 for the provincial e-supervision system (cursor paging; session or Bearer token; format in the README)',
        querystring: ZFeedPullQuery,
        response: { 200: ZFeedPullResponse, ...errors },
      },
      config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
    },
    async (request) => service.pullCaseEvents(db, await feedReader(db, request), request.query),
  );

  const admin = { preHandler: requireRole('admin') };

  app.get(
    '/api/admin/feed/subscribers',
    { ...admin, schema: { tags: ['feed'], summary: '数据推送订阅方', response: { 200: ZSubscriberList, ...errors } } },
    async (request) => service.listSubscribers(db, requireActor(request)),
  );

  app.post(
    '/api/admin/feed/subscribers',
    {
      ...admin,
      schema: { tags: ['feed'], summary: '登记订阅方 (the signing secret is shown once)', body: ZSubscriberCreate, response: { 201: ZSubscriberCreated, ...errors } },
    },
    async (request, reply) => {
      reply.status(201);
      return service.createSubscriber(db, requireActor(request), request.body);
    },
  );

  app.put(
    '/api/admin/feed/subscribers/:id',
    { ...admin, schema: { tags: ['feed'], summary: '修改订阅方', params: ZSubscriberParams, body: ZSubscriberUpdate, response: { 200: ZSecret, ...errors } } },
    async (request) => service.updateSubscriber(db, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/admin/feed/subscribers/:id/secret',
    { ...admin, schema: { tags: ['feed'], summary: '更换签名密钥 (shown once)', params: ZSubscriberParams, response: { 200: ZRotatedSecret, ...errors } } },
    async (request) => service.rotateSecret(db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/admin/feed/subscribers/:id/token',
    { ...admin, schema: { tags: ['feed'], summary: '签发拉取令牌 (Bearer; shown once, the previous one stops working)', params: ZSubscriberParams, response: { 200: ZPullToken, ...errors } } },
    async (request) => service.issueToken(db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/admin/feed/subscribers/:id/resume',
    { ...admin, schema: { tags: ['feed'], summary: '恢复推送 (after retries ran out; from the failed event, in order)', params: ZSubscriberParams, response: { 200: z.object({ ok: z.literal(true) }), ...errors } } },
    async (request) => {
      await service.resumeSubscriber(db, requireActor(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.delete(
    '/api/admin/feed/subscribers/:id',
    { ...admin, schema: { tags: ['feed'], summary: '删除订阅方', params: ZSubscriberParams, response: { 200: z.object({ ok: z.literal(true) }), ...errors } } },
    async (request) => {
      await service.deleteSubscriber(db, requireActor(request), request.params.id);
      return { ok: true as const };
    },
  );
};
