import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { ZId } from '../../http/params.js';
import { createScreenKey, listScreenKeys, revokeScreenKey } from './screen-keys.js';
import { ZCreatedScreenKey, ZCreateScreenKeyRequest, ZScreenKey } from './screen-key-schema.js';
import type { ScreenStreams } from './screen-streams.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse };

/**
 * 大屏密钥: the centre administrator gives each hall screen a key; a screen opening its live line
 * with the key streams from capacity anonymous viewers cannot take (see screen-streams.ts).
 */
export const screenKeyRoutes: FastifyPluginAsyncZod<{ streams: ScreenStreams }> = async (app, { streams }) => {
  const { db, config } = app.deps;
  const admin = requireRole('admin');

  app.get(
    '/api/admin/screen-keys',
    { preHandler: admin, schema: { tags: ['supervision'], summary: '大屏密钥列表 (admin, own centre)', response: { 200: z.object({ keys: z.array(ZScreenKey) }), ...errors } } },
    async (request) => ({ keys: await listScreenKeys({ db, actor: requireActor(request), openByKey: streams.openByKey() }) }),
  );

  app.post(
    '/api/admin/screen-keys',
    {
      preHandler: admin,
      schema: { tags: ['supervision'], summary: '为一块大厅大屏签发密钥（只显示一次）', body: ZCreateScreenKeyRequest, response: { 201: ZCreatedScreenKey, ...errors } },
    },
    async (request, reply) => {
      const created = await createScreenKey({ db, actor: requireActor(request), name: request.body.name, publicUrl: config.publicUrl });
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/api/admin/screen-keys/:id',
    { preHandler: admin, schema: { tags: ['supervision'], summary: '停用大屏密钥（其实时连接立即断开）', params: z.object({ id: ZId }), response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await revokeScreenKey({ db, actor: requireActor(request), id: request.params.id });
      streams.endKey(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
