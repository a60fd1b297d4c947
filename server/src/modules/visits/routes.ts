import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { ZVisit, ZVisitList, ZVisitRequest } from './schema.js';
import { assignVisit, closeVisit, listVisits, recordVisit, requestVisit, triageVisit } from './service.js';
import { ZId as ZIdValue } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const ZId = z.object({ id: ZIdValue });

/** 上门服务: request → triage → assignment with a date → visit record → case(s). */
export const visitRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.post(
    '/api/visits',
    { preHandler: requireRole('applicant', 'clerk', 'admin'), schema: { tags: ['visits'], summary: '申请上门服务（申请人，或工作人员代为登记）', body: ZVisitRequest, response: { 201: ZVisit, ...errors } } },
    async (request, reply) => {
      reply.status(201);
      return requestVisit(db, requireActor(request), request.body);
    },
  );

  app.get(
    '/api/visits',
    { preHandler: requireRole('applicant', 'clerk', 'admin'), schema: { tags: ['visits'], summary: '上门服务列表', response: { 200: ZVisitList, ...errors } } },
    async (request) => ({ visits: await listVisits(db, requireActor(request)) }),
  );

  app.post(
    '/api/visits/:id/triage',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['visits'], summary: '研判：受理或不予受理', params: ZId, body: z.object({ decision: z.enum(['accept', 'decline']), note: z.string().trim().min(2).max(500) }), response: { 200: ZVisit, ...errors } },
    },
    async (request) => triageVisit(db, requireActor(request), request.params.id, request.body.decision, request.body.note),
  );

  app.post(
    '/api/visits/:id/assign',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['visits'],
        summary: '派单：工作人员和上门日期',
        params: ZId,
        body: z.object({ assigneeId: z.number().int().positive(), visitDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
        response: { 200: ZVisit, ...errors },
      },
    },
    async (request) => assignVisit(db, requireActor(request), request.params.id, request.body.assigneeId, request.body.visitDate),
  );

  app.post(
    '/api/visits/:id/record',
    {
      preHandler: requireRole('clerk'),
      schema: {
        tags: ['visits'],
        summary: '上门记录及产生的办件 (the assigned clerk)',
        params: ZId,
        body: z.object({ record: z.string().trim().min(2).max(2000).optional(), caseIds: z.array(z.uuid()).max(20).default([]) }),
        response: { 200: ZVisit, ...errors },
      },
    },
    async (request) => recordVisit(db, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/visits/:id/close',
    { preHandler: requireRole('admin'), schema: { tags: ['visits'], summary: '办结上门服务', params: ZId, response: { 200: ZVisit, ...errors } } },
    async (request) => closeVisit(db, requireActor(request), request.params.id),
  );
};
