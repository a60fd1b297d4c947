import { contentDisposition } from '../../http/content-disposition.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { onCaseStep } from '../cases/hooks.js';
import { sealSignerFor } from '../seals/keystore.js';
import { ZArchive } from './schema.js';
import * as service from './service.js';
import { ZId } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };


/** 电子档案: archiving at completion, export for transfer, retention and destruction decisions. */
export const archiveRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const deps = { dataDir: config.dataDir, publicUrl: config.publicUrl, signer: sealSignerFor(config) };

  // A finished case (issued, refused or withdrawn) is archived once, right after its last step.
  onCaseStep(db, 'archive.case', ['issue', 'refuse', 'withdraw'], async (database, step) => {
    await service.archiveCase(database, deps, step.caseId);
  }, (error, step) => app.log.error({ err: error, caseId: step.caseId }, 'archiving failed'));

  const admin = { preHandler: requireRole('admin') };
  app.get(
    '/api/admin/archives',
    { ...admin, schema: { tags: ['archive'], summary: '电子档案（due=true：已过保管期限、待鉴定）', querystring: z.object({ due: z.enum(['true', 'false']).default('false') }), response: { 200: z.object({ archives: z.array(ZArchive) }), ...errors } } },
    async (request) => ({ archives: await service.listArchives(db, requireActor(request), { due: request.query.due === 'true' }) }),
  );

  app.get(
    '/api/admin/archives/:caseId/export',
    { ...admin, schema: { tags: ['archive'], summary: '导出一个办件的档案（tar，含 manifest.json）', params: z.object({ caseId: z.string().uuid() }) } },
    async (request, reply) => {
      const file = await service.exportArchive(db, requireActor(request), config.dataDir, request.params.caseId);
      reply.header('content-type', 'application/x-tar').header('content-disposition', contentDisposition(`办件档案-${file.name}`));
      return reply.send(file.content);
    },
  );

  app.post(
    '/api/admin/archives/:caseId/decision',
    {
      ...admin,
      schema: {
        tags: ['archive'],
        summary: '到期鉴定：销毁 destroy 或延长保管 extend（记录决定人、时间、理由）',
        params: z.object({ caseId: z.string().uuid() }),
        body: z.object({ decision: z.enum(['destroy', 'extend']), reason: z.string().trim().min(4).max(1000), extendYears: z.number().int().min(1).max(100).optional() }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.decideDestruction(db, requireActor(request), config.dataDir, request.params.caseId, request.body.decision, request.body.reason, request.body.extendYears);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/admin/items/:id/retention',
    {
      ...admin,
      schema: { tags: ['archive'], summary: '事项档案保管期限（年；null 为永久）', params: z.object({ id: ZId }), body: z.object({ years: z.number().int().min(1).max(100).nullable() }), response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await service.setItemRetention(db, requireActor(request), request.params.id, request.body.years);
      return reply.status(204).send(null);
    },
  );
};
