import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireLogin, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError } from '../../http/errors.js';
import { trainingDay, ZAsOf } from '../../http/training-clock.js';
import {
  ZApproveRequest,
  ZCaseIdParams,
  ZCaseListQuery,
  ZCaseList,
  ZCorrectionRequest,
  ZDenyRequest,
  ZDeliveryPreference,
  ZIssueRequest,
  ZNoteRequest,
  ZAcceptRequest,
  ZOpinionRequest,
  ZPersonalDataView,
  ZRefuseRequest,
  ZResubmitRequest,
  ZExtensionDecision,
  ZExtensionRequest,
  ZStopClockRequest,
  ZSubmitCaseRequest,
  ZWalkInRequest,
  ZWithdrawRequest,
  ZCaseAnswer,
  ZDraftList,
  ZPendingExtensionList,
} from './schema.js';
import * as service from './service.js';
import * as extensions from './extensions.js';
import { getCaseDetail, listCases, openedCaseDetail, viewPersonalData } from './view.js';
import { caseDocumentRoutes } from './documents-routes.js';
import { checklistRoutes } from './checklist-routes.js';
import { deleteDraft, listDrafts, saveDraft, submitDraft } from './drafts.js';
import { ZBodyId } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const detailResponse = { 200: ZCaseAnswer, ...errors };

export const caseRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  await app.register(caseDocumentRoutes);
  await app.register(checklistRoutes);

  app.get(
    '/api/cases',
    { preHandler: requireLogin,
      schema: {
        tags: ['cases'],
        summary: '我能看到的办件 (scoped by role: own / centre / department / region)',
        querystring: ZCaseListQuery,
        response: { 200: ZCaseList, 401: ZErrorResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { status, queue, limit, offset } = request.query;
      return listCases(db, actor, { statuses: status, queue, limit, offset });
    },
  );

  app.get(
    '/api/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: '办件详情与时间线',
        params: ZCaseIdParams,
        querystring: z.object({ asOf: ZAsOf }),
        response: detailResponse,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      // The training day is for the seat that trains (supervisors, administrators), not for a case's parties.
      if (request.query.asOf !== undefined && actor.role !== 'supervisor' && actor.role !== 'admin') {
        throw new AppError('FORBIDDEN', '只有电子监察人员或中心管理员可以按演练日期查看');
      }
      const today = trainingDay(app.deps.config, request.query.asOf, 'query.asOf');
      return { case: await getCaseDetail(db, actor, request.params.id, { today }) };
    },
  );

  app.post(
    '/api/cases',
    {
      preHandler: requireRole('applicant'),
      schema: {
        tags: ['cases'],
        summary: '提交申请 (send an Idempotency-Key header so a retry never creates a second case)',
        body: ZSubmitCaseRequest,
        headers: z.object({
          'idempotency-key': z
            .string()
            .regex(/^[\x21-\x7e]{8,100}$/, '应为 8–100 个可见 ASCII 字符')
            .optional(),
        }),
        response: { 200: ZCaseAnswer, 201: ZCaseAnswer, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { caseId, replayed, opened } = await service.submitApplication({
        db,
        actor,
        ...request.body,
        idempotencyKey: request.headers['idempotency-key'],
      });
      // A replay answers 200 with the original case; the first submission 201.
      reply.status(replayed ? 200 : 201);
      if (replayed) reply.header('idempotent-replayed', 'true');
      // A new case is answered from what its submission wrote; a replay reads the case as it is now.
      return { case: opened ? await openedCaseDetail(db, actor, opened) : await getCaseDetail(db, actor, caseId) };
    },
  );

  app.post(
    '/api/hall/walk-in',
    {
      preHandler: requireRole('clerk'),
      schema: {
        tags: ['cases'],
        summary: '窗口登记并当场受理 (一窗受理, clerk)',
        body: ZWalkInRequest,
        response: { 201: ZCaseAnswer, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { caseId } = await service.registerWalkIn({ db, actor, ...request.body });
      reply.status(201);
      return { case: await getCaseDetail(db, actor, caseId) };
    },
  );

  app.get(
    '/api/cases/:id/personal-data',
    {
      schema: {
        tags: ['cases'],
        summary: '完整查看个人信息 (unmasked; every view is audited with its reason)',
        params: ZCaseIdParams,
        querystring: z.object({ reason: z.string().trim().min(2, '请说明查看原因').max(200) }),
        response: {
          200: ZPersonalDataView,
          ...errors,
        },
      },
    },
    async (request) => viewPersonalData(db, requireActor(request), request.params.id, request.query.reason),
  );

  const ZDraftBody = z.object({ itemId: ZBodyId, formData: z.record(z.string(), z.unknown()) });
  const ZDraftParams = z.object({ id: z.uuid('草稿编号格式不正确') });

  app.get(
    '/api/drafts',
    { preHandler: requireRole('applicant'), schema: { tags: ['cases'], summary: '我的草稿', response: { 200: ZDraftList, ...errors } } },
    async (request) => ({
      drafts: (await listDrafts(db, requireActor(request))).map((d) => ({
        id: d.id,
        itemId: d.item_id,
        itemName: d.item_name,
        formData: d.form_data,
        updatedAt: d.updated_at.toISOString(),
      })),
    }),
  );
  app.post(
    '/api/drafts',
    { preHandler: requireRole('applicant'), schema: { tags: ['cases'], summary: '保存草稿', body: ZDraftBody, response: { 201: z.object({ id: z.string() }), ...errors } } },
    async (request, reply) => {
      reply.status(201);
      return { id: await saveDraft(db, requireActor(request), request.body) };
    },
  );
  app.put(
    '/api/drafts/:id',
    {
      preHandler: requireRole('applicant'),
      schema: { tags: ['cases'], summary: '更新草稿', params: ZDraftParams, body: ZDraftBody, response: { 200: z.object({ id: z.string() }), ...errors } },
    },
    async (request) => ({ id: await saveDraft(db, requireActor(request), { id: request.params.id, ...request.body }) }),
  );
  app.delete(
    '/api/drafts/:id',
    { preHandler: requireRole('applicant'), schema: { tags: ['cases'], summary: '删除草稿', params: ZDraftParams, response: { 200: z.object({ ok: z.literal(true) }), ...errors } } },
    async (request) => {
      await deleteDraft(db, requireActor(request), request.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/drafts/:id/submit',
    {
      preHandler: requireRole('applicant'),
      schema: { tags: ['cases'], summary: '提交草稿 (idempotent per draft)', params: ZDraftParams, response: { 201: ZCaseAnswer, ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { caseId } = await submitDraft(db, actor, request.params.id);
      reply.status(201);
      return { case: await getCaseDetail(db, actor, caseId) };
    },
  );

  /** One route per transition; each answers the case as it now stands. */
  const move = <S extends z.ZodType>(
    path: string,
    summary: string,
    body: S,
    run: (args: { actor: ReturnType<typeof requireActor>; caseId: string; body: z.infer<S> }) => Promise<unknown>,
  ) =>
    app.post(
      `/api/cases/:id/${path}`,
      { preHandler: requireLogin, schema: { tags: ['cases'], summary, params: ZCaseIdParams, body, response: detailResponse } },
      async (request) => {
        const actor = requireActor(request);
        const caseId = (request.params as { id: string }).id;
        await run({ actor, caseId, body: request.body as z.infer<S> });
        return { case: await getCaseDetail(db, actor, caseId) };
      },
    );

  move('accept', '受理 (clerk): every required material verified, or deferred (容缺) with its promised date', ZAcceptRequest, ({ actor, caseId, body }) =>
    service.acceptCase({ db, actor, caseId, note: body.note, deferred: body.deferred }),
  );
  move('refuse', '不予受理 (clerk)', ZRefuseRequest, ({ actor, caseId, body }) =>
    service.refuseCase({ db, actor, caseId, reason: body.reason }),
  );
  move('request-correction', '一次性告知补正 (clerk)', ZCorrectionRequest, ({ actor, caseId, body }) =>
    service.requestCorrection({
      db,
      actor,
      caseId,
      points: body.corrections?.map((p) => ({ materialId: p.materialId ?? null, text: p.text })),
      missing: body.missing,
      note: body.note,
    }),
  );
  move('resubmit', '补正后重新提交 (applicant)', ZResubmitRequest, ({ actor, caseId, body }) =>
    service.resubmitCase({ db, actor, caseId, formData: body.formData, answers: body.answers?.map((a) => ({ point: a.index, text: a.text })), note: body.note }),
  );
  move('decide-on-spot', '即办件当场办结 (authorised clerk)', ZApproveRequest, ({ actor, caseId, body }) =>
    service.decideOnSpot({ db, actor, caseId, opinion: body.opinion }),
  );
  move('delivery', '选择送达方式 (applicant): window pickup or express post', z.object({ preference: ZDeliveryPreference }), ({ actor, caseId, body }) =>
    service.chooseDelivery({ db, actor, caseId, preference: body.preference }),
  );
  move('claim', '认领 (reviewer)', ZNoteRequest, ({ actor, caseId }) => service.claimCase({ db, actor, caseId }));
  move('complete-review', '审查完成，进入决定环节 (assigned reviewer)', ZOpinionRequest, ({ actor, caseId, body }) =>
    service.completeReview({ db, actor, caseId, opinion: body.opinion }),
  );
  move('approve', '准予 (reviewer)', ZApproveRequest, ({ actor, caseId, body }) =>
    service.approveCase({ db, actor, caseId, opinion: body.opinion }),
  );
  move('deny', '不予许可 (reviewer)', ZDenyRequest, ({ actor, caseId, body }) =>
    service.denyCase({ db, actor, caseId, reason: body.reason }),
  );
  move('issue', '出件办结 (clerk)', ZIssueRequest, ({ actor, caseId, body }) =>
    service.issueResult({ db, actor, caseId, delivery: body.delivery, note: body.note }),
  );
  move('withdraw', '撤回申请 (applicant)', ZWithdrawRequest, ({ actor, caseId, body }) =>
    service.withdrawCase({ db, actor, caseId, reason: body.reason }),
  );
  move('stop-clock', '中止计时：法定特别程序（行政许可法第四十五条）或事项规定的受理后补正，须写明预计所需时间 (reviewer)', ZStopClockRequest, ({ actor, caseId, body }) =>
    service.stopClock({ db, actor, caseId, kind: body.kind, reason: body.reason, expectedWorkdays: body.expectedWorkdays, expectedEndDate: body.expectedEndDate }),
  );
  move('resume-clock', '恢复计时 (reviewer); the deadline moves by the working days stopped', ZNoteRequest, ({ actor, caseId, body }) =>
    service.resumeClock({ db, actor, caseId, note: body.note }),
  );
  move('extensions', '申请延期 (reviewer)', ZExtensionRequest, ({ actor, caseId, body }) =>
    extensions.requestExtension({ db, actor, caseId, workdays: body.workdays, reason: body.reason }),
  );
  move('extensions/decide', '批准或驳回延期 (department_head; government_head for joint handling)', ZExtensionDecision, ({ actor, caseId, body }) =>
    extensions.decideExtension({ db, actor, caseId, approve: body.approve, note: body.note }),
  );

  app.get(
    '/api/extensions/pending',
    {
      preHandler: requireRole('department_head', 'government_head', 'supervisor'),
      schema: {
        tags: ['cases'],
        summary: '待审批的延期申请: the approver\'s inbox (department / government head) and the supervision seat\'s list',
        response: { 200: ZPendingExtensionList, ...errors },
      },
    },
    async (request) => ({ extensions: await extensions.listPendingExtensions(db, requireActor(request)) }),
  );
};
