import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError } from '../../http/errors.js';
import { sweepWarnings } from '../alerts/sweep.js';
import { trainingDay, ZAsOf } from '../../http/training-clock.js';
import { clearTrainingEvents, listTrainingEvents, trainingSweep } from '../alerts/training.js';
import { supervisionScope } from '../supervision/scope.js';
import { issueDirective, listDirectives, replyDirective } from './service.js';
import { ZCaseAnswer, ZCaseIdParams } from '../cases/schema.js';
import { ZDirectiveIssued, ZDirectiveList } from './schema.js';
import { getCaseDetail } from '../cases/view.js';
import { ZBodyId, ZId, queryInt } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };

/** 督办 and the warning sweep's manual trigger. */
export const directiveRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/directives',
    { preHandler: requireRole('supervisor', 'reviewer'), schema: { tags: ['supervision'], summary: '督办列表', response: { 200: ZDirectiveList, ...errors } } },
    async (request) => ({
      directives: (await listDirectives(db, requireActor(request))).map((d) => ({
        id: d.id,
        caseId: d.case_id,
        caseNumber: d.case_number,
        departmentName: d.department_name,
        content: d.content,
        issuedAt: d.issued_at.toISOString(),
        replyDue: d.reply_due,
        reply: d.reply,
        repliedAt: d.replied_at?.toISOString() ?? null,
        escalatedAt: d.escalated_at?.toISOString() ?? null,
      })),
    }),
  );

  app.post(
    '/api/directives',
    {
      preHandler: requireRole('supervisor'),
      schema: {
        tags: ['supervision'],
        summary: '发出督办 (on a case, or on a department)',
        body: z.object({
          caseId: z.uuid().optional(),
          departmentId: ZBodyId.optional(),
          content: z.string().trim().min(4, '请写明督办事项').max(2000),
          replyWorkdays: z.number().int().min(1).max(30).default(3),
        }),
        response: { 201: ZDirectiveIssued, ...errors },
      },
    },
    async (request, reply) => {
      if (!request.body.caseId && !request.body.departmentId) {
        throw new AppError('VALIDATION_FAILED', '请指定督办的办件或部门', [{ field: 'body.caseId', message: '办件或部门至少填一项' }]);
      }
      reply.status(201);
      return issueDirective({ db, actor: requireActor(request), ...request.body });
    },
  );

  app.post(
    '/api/cases/:id/directive',
    {
      preHandler: requireRole('supervisor'),
      schema: {
        tags: ['supervision'],
        summary: '对办件督办 (answers the case as it now stands)',
        params: ZCaseIdParams,
        body: z.object({ content: z.string().trim().min(4, '请写明督办事项').max(2000), replyWorkdays: z.number().int().min(1).max(30).default(3) }),
        response: { 200: ZCaseAnswer, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await issueDirective({ db, actor, caseId: request.params.id, ...request.body });
      return { case: await getCaseDetail(db, actor, request.params.id) };
    },
  );

  app.post(
    '/api/directives/:id/reply',
    {
      preHandler: requireRole('reviewer'),
      schema: {
        tags: ['supervision'],
        summary: '回复督办 (the pressed department)',
        params: z.object({ id: ZId }),
        body: z.object({ reply: z.string().trim().min(4, '请写明办理情况').max(2000) }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      await replyDirective({ db, actor: requireActor(request), directiveId: request.params.id, reply: request.body.reply });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/supervision/sweep',
    {
      preHandler: requireRole('supervisor', 'admin'),
      schema: {
        tags: ['supervision'],
        summary: '立即运行预警扫描 (the server also runs it every minute)',
        description:
          'With the training clock on (ONEWINDOW_TRAINING_CLOCK), `asOf` runs a training sweep as of a later China date over the caller’s region: the warnings and 督办 escalations that day would bring are recorded in the training scope (`GET /api/supervision/training`), never on the timelines, in the outbox or in the figures.',
        body: z.object({ asOf: ZAsOf }).nullish(),
        response: {
          200: z.object({
            yellow: z.number(),
            red: z.number(),
            escalated: z.number(),
            invited: z.number(),
            deliveryYellow: z.number().optional().describe('granted licences warned as close to their art. 44 delivery deadline (real sweeps only)'),
            deliveryRed: z.number().optional().describe('granted licences warned as past their delivery deadline (real sweeps only)'),
            ran: z.boolean(),
            training: z.boolean(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const asOf = trainingDay(app.deps.config, request.body?.asOf, 'body.asOf');
      request.log.info({ asOf }, 'warning sweep requested');
      if (asOf === undefined) return { ...(await sweepWarnings(db)), training: false };
      const actor = requireActor(request);
      const scope = await supervisionScope(db, actor);
      return trainingSweep(db, { asOf, actor, regionPrefix: scope.regionPrefix });
    },
  );

  app.get(
    '/api/supervision/training',
    {
      preHandler: requireRole('supervisor', 'admin'),
      schema: {
        tags: ['supervision'],
        summary: '演练记录: whether the training clock is on, and what training sweeps would have sent (never sent)',
        querystring: z.object({ limit: queryInt(1, 500).default(100) }),
        response: {
          200: z.object({
            enabled: z.boolean(),
            events: z.array(
              z.object({
                id: z.number(),
                kind: z.enum(['warn_yellow', 'warn_red', 'directive_escalated']),
                caseId: z.string().nullable(),
                caseNumber: z.string().nullable(),
                directiveId: z.number().nullable(),
                asOf: z.string(),
                title: z.string(),
                body: z.string(),
                sms: z.boolean(),
                recipients: z.number().describe('how many people would have been told'),
                createdAt: z.string(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const scope = await supervisionScope(db, requireActor(request));
      const rows = await listTrainingEvents(db, { regionPrefix: scope.regionPrefix, limit: request.query.limit });
      return {
        enabled: app.deps.config.trainingClock,
        events: rows.map((r) => ({
          id: Number(r.id),
          kind: r.kind,
          caseId: r.case_id,
          caseNumber: r.case_number,
          directiveId: r.directive_id === null ? null : Number(r.directive_id),
          asOf: r.as_of,
          title: r.title,
          body: r.body,
          sms: r.sms,
          recipients: r.recipients.length,
          createdAt: r.created_at.toISOString(),
        })),
      };
    },
  );

  app.delete(
    '/api/supervision/training',
    {
      preHandler: requireRole('supervisor', 'admin'),
      schema: { tags: ['supervision'], summary: '结束演练: clears the training records of the caller’s region', response: { 200: z.object({ removed: z.number() }), ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      const scope = await supervisionScope(db, actor);
      return { removed: await clearTrainingEvents(db, { actor, regionPrefix: scope.regionPrefix }) };
    },
  );
};
