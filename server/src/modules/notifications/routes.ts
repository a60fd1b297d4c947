import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireLogin } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { notFound } from '../../http/errors.js';
import { countUnread, listForUser, markRead } from './repo.js';
import { ZId, queryInt } from '../../http/params.js';
import { ZNotificationList } from './schema.js';

/** The caller's own in-app notifications (站内消息). */
export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/api/notifications',
    { preHandler: requireLogin,
      schema: {
        tags: ['notifications'],
        summary: '我的消息',
        querystring: z.object({ limit: queryInt(1, 100).default(30) }),
        response: {
          200: ZNotificationList,
          401: ZErrorResponse,
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const [rows, unread] = await Promise.all([listForUser(db, actor.id, request.query.limit), countUnread(db, actor.id)]);
      return {
        unread,
        notifications: rows.map((n) => ({
          id: n.id,
          caseId: n.case_id,
          kind: n.kind,
          title: n.title,
          body: n.body,
          createdAt: n.created_at.toISOString(),
          read: n.read_at !== null,
        })),
      };
    },
  );

  app.post(
    '/api/notifications/:id/read',
    { preHandler: requireLogin,
      schema: {
        tags: ['notifications'],
        summary: '标记已读',
        params: z.object({ id: ZId }),
        response: { 200: z.object({ ok: z.literal(true) }), 401: ZErrorResponse, 404: ZErrorResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!(await markRead(db, actor.id, request.params.id))) throw notFound('消息');
      return { ok: true as const };
    },
  );
};
