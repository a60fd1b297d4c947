import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import * as reuse from './reuse.js';
import { ZCommitmentCheckRequest, ZCommitmentChecked, ZMaterialReuseList, ZPendingCommitmentList, ZPublicLicence, ZReusePreviewList, ZReuseStatistics } from './schema.js';
import { listShareReads, readSharedLicences } from './share.js';
import { ZId } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const ZCaseId = z.object({ id: z.string().uuid() });
const caseReuseResponse = { 200: ZMaterialReuseList, ...errors };

/** 减证便民 (授权用证, 免提交, 告知承诺制, statistics) and 共享调用 for other departments. */
export const reuseRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/catalog/items/:id/reuse-preview',
    {
      preHandler: requireRole('applicant'),
      schema: {
        tags: ['licences'],
        summary: '申报前：本人哪些有效证照可替代该事项的材料',
        params: z.object({ id: ZId }),
        response: {
          200: ZReusePreviewList,
          ...errors,
        },
      },
    },
    async (request) => reuse.previewReuse(db, requireActor(request), request.params.id),
  );

  app.get(
    '/api/cases/:id/reuse',
    { schema: { tags: ['licences'], summary: '办件材料的免提交情况（证照已验真 / 共享获取 / 告知承诺 / 须上传）', params: ZCaseId, response: caseReuseResponse } },
    async (request) => reuse.caseReuse(db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/cases/:id/licence-use',
    { preHandler: requireRole('applicant'), schema: { tags: ['licences'], summary: '授权用证：本人有效证照自动关联到申请材料（免提交）', params: ZCaseId, response: caseReuseResponse } },
    async (request) => reuse.authoriseLicenceUse(db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/cases/:id/commitments',
    {
      preHandler: requireRole('applicant'),
      schema: { tags: ['licences'], summary: '告知承诺：以书面承诺替代材料（事后核查）', params: ZCaseId, body: z.object({ materialName: z.string().min(1).max(200), statement: z.string().trim().min(10).max(2000) }), response: caseReuseResponse },
    },
    async (request) => reuse.signCommitment(db, requireActor(request), request.params.id, request.body.materialName, request.body.statement),
  );

  app.get(
    '/api/commitments/pending',
    {
      preHandler: requireRole('reviewer'),
      schema: {
        tags: ['licences'],
        summary: '待核查的告知承诺（本部门）',
        response: { 200: ZPendingCommitmentList, ...errors },
      },
    },
    async (request) => ({ commitments: await reuse.pendingCommitments(db, requireActor(request)) }),
  );

  app.post(
    '/api/commitments/:id/check',
    {
      preHandler: requireRole('reviewer'),
      schema: {
        tags: ['licences'],
        summary: '承诺核查：属实 confirmed / 不实 false',
        params: z.object({ id: ZId }),
        body: ZCommitmentCheckRequest,
        response: { 200: ZCommitmentChecked, ...errors },
      },
    },
    async (request) => reuse.checkCommitment(db, requireActor(request), request.params.id, request.body.result, request.body.note),
  );

  app.get(
    '/api/catalog/reuse-stats',
    { schema: { tags: ['licences'], summary: '减证便民统计：各事项、各部门免提交材料数与用证次数', response: { 200: ZReuseStatistics, ...errors } } },
    async () => reuse.reuseStatistics(db),
  );

  app.get(
    '/api/admin/reuse-stats',
    { preHandler: requireRole('admin'), schema: { tags: ['licences'], summary: '减证便民统计（本中心）：免提交材料、用证替代上传的申请', response: { 200: ZReuseStatistics, ...errors } } },
    async (request) => reuse.reuseStatistics(db, requireActor(request).centreId ?? -1),
  );

  app.post(
    '/api/share/licences/query',
    {
      preHandler: requireRole('reviewer', 'clerk'),
      schema: {
        tags: ['licences'],
        summary: '共享调用：按持证主体代码读取证照（须持证人授权的办件编号或法定依据；每次调用留痕）',
        body: z.object({
          holderCode: z.string().trim().regex(/^[0-9A-Z]{18}$/i),
          purpose: z.string().trim().min(4).max(200),
          basis: z.enum(['authorisation', 'legal']),
          basisRef: z.string().trim().min(4).max(200).meta({ description: 'authorisation: the case number; legal: the law and article' }),
        }),
        response: { 200: z.object({ licences: z.array(ZPublicLicence.extend({ fields: z.array(z.object({ key: z.string(), label: z.string(), value: z.string() })) })) }), ...errors },
      },
    },
    async (request) => ({ licences: await readSharedLicences(db, requireActor(request), request.body) }),
  );

  app.get(
    '/api/share/reads',
    {
      preHandler: requireRole('admin', 'supervisor'),
      schema: {
        tags: ['licences'],
        summary: '共享调用记录',
        response: { 200: z.object({ reads: z.array(z.object({ id: z.number(), at: z.string(), readerName: z.string(), departmentName: z.string().nullable(), purpose: z.string(), basis: z.enum(['authorisation', 'legal']), basisRef: z.string(), licenceCount: z.number(), holderDigest: z.string() })) }), ...errors },
      },
    },
    async (request) => ({ reads: await listShareReads(db, requireActor(request)) }),
  );
};
