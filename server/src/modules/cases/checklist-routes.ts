import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor, requireLogin, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { getChecklist, verifyMaterial } from './checklist-service.js';
import { ZCaseIdParams, ZChecklist, ZChecklistParams, ZVerifyMaterialRequest } from './schema.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };

/** 材料清单与核验: the case's listed materials as they stand, and the clerk's verdict on each. */
export const checklistRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/cases/:id/checklist',
    {
      preHandler: requireLogin,
      schema: {
        tags: ['cases'],
        summary: '材料清单: each listed material with its files, verdict, 容缺 promise, and the open correction notice’s points',
        params: ZCaseIdParams,
        response: { 200: ZChecklist, ...errors },
      },
    },
    async (request) => getChecklist(db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/cases/:id/checklist/:materialId/verify',
    {
      preHandler: requireRole('clerk'),
      schema: {
        tags: ['cases'],
        summary: '核验材料 (clerk): accepted, or defective with the reason; on the timeline',
        params: ZChecklistParams,
        body: ZVerifyMaterialRequest,
        response: { 200: ZChecklist, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await verifyMaterial({ db, actor, caseId: request.params.id, materialId: request.params.materialId, ...request.body });
      return getChecklist(db, actor, request.params.id);
    },
  );
};
