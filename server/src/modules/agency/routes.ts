import { contentDisposition } from '../../http/content-disposition.js';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { FileStore } from '../materials/storage.js';
import { ZAgentStepList, ZAuthorisationList, ZAuthorisationOne, ZCreateAuthorisationRequest, ZRevokeRequest } from './schema.js';
import { createAuthorisation, listAgentSteps, listAuthorisations, readLetter, revokeAuthorisation } from './service.js';
import { ZId as ZIdValue } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse, 413: ZErrorResponse, 415: ZErrorResponse };
const ZId = z.object({ id: ZIdValue });

/** 全程代办: authorisations (scope, validity, signed letter, revocable) and every agent step. */
export const agencyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const store = new FileStore(path.join(config.dataDir, 'files'));
  const tags = ['agency'];

  app.get(
    '/api/agency/authorisations',
    { preHandler: requireRole('agent', 'applicant'), schema: { tags, summary: '代办委托（代办员：我的委托人；申请人：我给出的委托）', response: { 200: ZAuthorisationList, ...errors } } },
    async (request) => ({ authorisations: await listAuthorisations(db, requireActor(request)) }),
  );

  app.post(
    '/api/agency/authorisations',
    {
      preHandler: requireRole('agent'),
      bodyLimit: 8 * 1024 * 1024,
      schema: { tags, summary: '登记代办委托，上传签字的委托书 (agent; free of charge)', body: ZCreateAuthorisationRequest, response: { 201: ZAuthorisationOne, ...errors } },
    },
    async (request, reply) => {
      const authorisation = await createAuthorisation({ db, store, actor: requireActor(request), request: request.body });
      reply.status(201);
      return { authorisation };
    },
  );

  app.post(
    '/api/agency/authorisations/:id/revoke',
    { preHandler: requireRole('applicant'), schema: { tags, summary: '撤销代办委托 (the applicant who gave it)', params: ZId, body: ZRevokeRequest, response: { 200: ZAuthorisationOne, ...errors } } },
    async (request) => ({ authorisation: await revokeAuthorisation({ db, actor: requireActor(request), id: request.params.id, reason: request.body.reason }) }),
  );

  app.get(
    '/api/agency/authorisations/:id/letter',
    { preHandler: requireRole('agent', 'applicant'), schema: { tags, summary: '委托书原件', params: ZId } },
    async (request, reply) => {
      const letter = await readLetter(db, store, requireActor(request), request.params.id);
      const extension = ({ 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' } as Record<string, string>)[letter.mime] ?? 'bin';
      reply.header('content-type', letter.mime).header('content-disposition', contentDisposition(`授权委托书-${request.params.id}.${extension}`, 'inline'));
      return reply.send(letter.content);
    },
  );

  app.get(
    '/api/agency/steps',
    { preHandler: requireRole('agent', 'applicant'), schema: { tags, summary: '代办记录：代办员 X 为申请人 Y 办理的每一步', response: { 200: ZAgentStepList, ...errors } } },
    async (request) => ({ steps: await listAgentSteps(db, requireActor(request)) }),
  );
};
