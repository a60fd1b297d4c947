import path from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireLogin, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError } from '../../http/errors.js';
import { EXTENSIONS } from '../materials/detect.js';
import { MAX_FILE_BYTES } from '../materials/service.js';
import { FileStore } from '../materials/storage.js';
import { readJointMaterial, uploadJointMaterial } from './materials.js';
import { ZCaseIdParams } from '../cases/schema.js';
import { decideJointExtension, listPendingJointExtensions, requestJointExtension } from './extensions.js';
import {
  ZAnswerCorrectionRequest,
  ZBundleIdParams,
  ZBundleList,
  ZBundleOne,
  ZCaseJoint,
  ZIssueJointRequest,
  ZJointApplication,
  ZJointCorrectionRequest,
  ZJointExtensionDecision,
  ZJointExtensionRequest,
  ZJointIdParams,
  ZJointListQuery,
  ZJointMaterialParams,
  ZJointMaterialUploaded,
  ZJointSummaryList,
  ZJointWalkInRequest,
  ZPendingJointExtensionList,
  ZRefuseJointRequest,
  ZResubmitJointRequest,
  ZSubmitJointRequest,
} from './schema.js';
import * as service from './service.js';
import type { LicenceDeps } from '../licences/issue.js';
import { sealSignerFor } from '../seals/keystore.js';
import { getBundle, getJointDetail, listBundles, listJointApplications, siblingsOfCase } from './view.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const detail = { 200: ZJointApplication, ...errors };

/** 联办件: bundles (一件事 / 一表通), one intake, parallel child cases, merged correction, 统一出件. */
export const jointRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['joint'];
  const licences: LicenceDeps = { signer: sealSignerFor(config), publicUrl: config.publicUrl };
  const store = new FileStore(path.join(config.dataDir, 'files'));

  app.get(
    '/api/bundles',
    { schema: { tags, summary: '联办事项（一件事）列表 (public)', querystring: z.object({ kind: z.enum(['bundle', 'stage']).optional() }), response: { 200: ZBundleList } } },
    async (request) => ({ bundles: await listBundles(db, { kind: request.query.kind }) }),
  );

  app.get(
    '/api/bundles/:id',
    { schema: { tags, summary: '联办事项详情：一表通表单、成员事项、合并材料清单', params: ZBundleIdParams, response: { 200: ZBundleOne, ...errors } } },
    async (request) => ({ bundle: await getBundle(db, request.params.id) }),
  );

  app.get(
    '/api/joint-applications',
    { preHandler: requireLogin, schema: { tags, summary: '我能看到的联办件 (key projects first)', querystring: ZJointListQuery, response: { 200: ZJointSummaryList, ...errors } } },
    async (request) => ({ applications: await listJointApplications(db, requireActor(request), { statuses: request.query.status, limit: request.query.limit }) }),
  );

  app.post(
    '/api/joint-applications',
    { preHandler: requireRole('applicant', 'agent'), schema: { tags, summary: '一表通申报 (applicant, or agent for a client)', body: ZSubmitJointRequest, response: { 201: ZJointApplication, ...errors } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await service.submitJointApplication({ db, actor, ...request.body });
      reply.status(201);
      return { application: await getJointDetail(db, actor, row.id) };
    },
  );

  app.post(
    '/api/hall/joint-walk-in',
    { preHandler: requireRole('clerk'), schema: { tags, summary: '窗口联办登记并一次受理 (clerk)', body: ZJointWalkInRequest, response: { 201: ZJointApplication, ...errors } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = await service.registerJointWalkIn({ db, actor, ...request.body, store });
      reply.status(201);
      return { application: await getJointDetail(db, actor, id) };
    },
  );

  app.get(
    '/api/joint-applications/:id',
    { schema: { tags, summary: '联办件详情：各部门进度（阶段图）、联办时钟、合并补正告知、结果', params: ZJointIdParams, response: detail } },
    async (request) => ({ application: await getJointDetail(db, requireActor(request), request.params.id) }),
  );

  const step = <B extends z.ZodType>(path: string, summary: string, body: B, run: (actor: ReturnType<typeof requireActor>, id: string, body: z.infer<B>) => Promise<unknown>) =>
    app.post(
      `/api/joint-applications/:id/${path}`,
      { schema: { tags, summary, params: ZJointIdParams, body, response: detail } },
      async (request) => {
        const actor = requireActor(request);
        await run(actor, request.params.id, request.body as z.infer<B>);
        return { application: await getJointDetail(db, actor, request.params.id) };
      },
    );

  step('accept', '一次受理，抄告各部门 (clerk)', z.object({ note: z.string().trim().max(2000).optional() }), (actor, id, body) => service.acceptJointApplication({ db, actor, id, note: body.note, store }));
  step('request-correction', '受理前一次性告知补正 (clerk)', ZJointCorrectionRequest, (actor, id, body) => service.requestJointCorrection({ db, actor, id, ...body }));
  step('resubmit', '补正后重新提交 (applicant / agent)', ZResubmitJointRequest, (actor, id, body) => service.resubmitJointApplication({ db, actor, id, formData: body.formData }));
  step('refuse', '不予受理 (clerk)', ZRefuseJointRequest, (actor, id, body) => service.refuseJointApplication({ db, actor, id, reason: body.reason }));
  step('answer-correction', '一次答复合并补正告知 (applicant / agent)', ZAnswerCorrectionRequest, (actor, id, body) => service.answerCorrection({ db, actor, id, ...body }));
  step('issue', '统一出件 (clerk; 多证合一)', ZIssueJointRequest, (actor, id, body) => service.issueJointApplication({ db, actor, id, delivery: body.delivery, licences }));
  step('withdraw', '撤回（受理前）', z.object({}), (actor, id) => service.withdrawJointApplication({ db, actor, id }));
  step('extensions', '申请延长联办期限 (clerk; art. 26/42 +15)', ZJointExtensionRequest, (actor, id, body) => requestJointExtension({ db, actor, id, ...body }));
  step('extensions/decide', '批准 / 驳回联办延期 (本级人民政府负责人)', ZJointExtensionDecision, (actor, id, body) => decideJointExtension({ db, actor, id, ...body }));

  // 材料一次提交: multipart in its own scope, as the case materials do.
  const uploads: FastifyPluginAsyncZod = async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, fieldSize: 1000 } });
    scoped.post(
      '/api/joint-applications/:id/materials',
      {
        schema: {
          tags,
          summary: '上传联办材料，一次提交，受理时（或补正期间）送达每个需要它的部门办件 (multipart: "name" from the combined list, then "file")',
          params: ZJointIdParams,
          consumes: ['multipart/form-data'],
          response: { 201: ZJointMaterialUploaded, 413: ZErrorResponse, 415: ZErrorResponse, ...errors },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件');
        const part = await request.file();
        if (!part) throw new AppError('VALIDATION_FAILED', '请选择文件', [{ field: 'body.file', message: '请选择文件' }]);
        const content = await part.toBuffer().catch((error: { code?: string }) => {
          if (error.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', `单个文件不能超过 ${MAX_FILE_BYTES / 1024 / 1024} MB`);
          throw error;
        });
        const nameField = part.fields.name;
        const name = nameField && 'value' in nameField ? String(nameField.value).trim() : '';
        if (!name || name.length > 100) throw new AppError('VALIDATION_FAILED', '请选择材料名称（须在文件之前提交）', [{ field: 'body.name', message: '请选择材料名称' }]);
        const created = await uploadJointMaterial({ db, store, actor, id: request.params.id, name, originalName: part.filename, content });
        reply.status(201);
        return created;
      },
    );
  };
  await app.register(uploads);

  app.get(
    '/api/joint-applications/:id/materials/:materialId/file',
    { schema: { tags, summary: '下载联办材料 (audited)', params: ZJointMaterialParams } },
    async (request, reply) => {
      const material = await readJointMaterial({ db, store, actor: requireActor(request), id: request.params.id, materialId: request.params.materialId });
      const extension = EXTENSIONS[material.content_type];
      reply
        .header('content-type', material.content_type)
        .header('content-disposition', `attachment; filename="material.${extension}"; filename*=UTF-8''${encodeURIComponent(`${material.name}.${extension}`)}`)
        .header('cache-control', 'private, no-store');
      return reply.send(material.content);
    },
  );

  app.get(
    '/api/joint-extensions/pending',
    { preHandler: requireLogin,
      schema: {
        tags,
        summary: '待审批的联办延期 (government_head)',
        response: { 200: ZPendingJointExtensionList, ...errors },
      },
    },
    async (request) => ({ extensions: await listPendingJointExtensions(db, requireActor(request)) }),
  );

  app.get(
    '/api/cases/:id/joint',
    { schema: { tags, summary: '本部门子办件所属联办件：兄弟办件状态 (reviewer; status only)', params: ZCaseIdParams, response: { 200: ZCaseJoint, ...errors } } },
    async (request) => ({ joint: await siblingsOfCase(db, requireActor(request), request.params.id) }),
  );

  app.post(
    '/api/cases/:id/joint-correction',
    { preHandler: requireRole('reviewer'), schema: { tags, summary: '部门补正（中止本办件计时，并入联办件的一份补正告知）', params: ZCaseIdParams, body: ZJointCorrectionRequest, response: { 200: ZCaseJoint, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      await service.requestDepartmentCorrection({ db, actor, caseId: request.params.id, missing: request.body.missing });
      return { joint: await siblingsOfCase(db, actor, request.params.id) };
    },
  );
};
