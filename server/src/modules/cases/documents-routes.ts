import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { notFound } from '../../http/errors.js';
import { ZId } from '../../http/params.js';
import { sealSignerFor } from '../seals/keystore.js';
import { getDecisionSettings, saveDecisionSettings, saveDepartmentAbbreviation } from './decision-authority.js';
import * as docs from './documents-repo.js';
import { noticeForActor, type NoticeDeps } from './notices-service.js';
import * as repo from './repo.js';
import { ZCaseIdParams, ZDecisionSettings, ZDecisionSettingsInput, ZDepartmentAbbreviationInput, ZCaseDocumentList } from './schema.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const NOTICE_KINDS = ['acceptance', 'correction', 'refusal', 'approval', 'denial', 'special_procedure', 'delivery'] as const;

/** 文书: the sealed notices and decisions of a case, and the administrator's 决定机关 settings. */
export const caseDocumentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const deps: NoticeDeps = { signer: sealSignerFor(config), publicUrl: config.publicUrl };

  app.get(
    '/api/cases/:id/notices/:kind',
    {
      schema: {
        tags: ['cases'],
        summary: '文书 PDF（加盖决定机关电子印章）: acceptance 受理通知书, correction 补正材料通知书, refusal 不予受理决定书, approval / denial 决定书, special_procedure 特别程序告知书, delivery 送达回证',
        params: ZCaseIdParams.extend({ kind: z.enum(NOTICE_KINDS) }),
      },
    },
    async (request, reply) => {
      const { document, fileName } = await noticeForActor({ db, deps, actor: requireActor(request), caseId: request.params.id, kind: request.params.kind });
      reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(fileName, 'inline'));
      return reply.send(document.pdf);
    },
  );

  app.get(
    '/api/cases/:id/documents',
    { schema: { tags: ['cases'], summary: '办件已签发的文书（文号、决定机关、印章、签名）', params: ZCaseIdParams, response: { 200: ZCaseDocumentList, ...errors } } },
    async (request) => {
      if (!(await repo.findVisibleCaseDetail(db, request.params.id, requireActor(request)))) throw notFound('办件');
      const rows = await docs.listCaseDocuments(db, request.params.id);
      return {
        documents: rows.map((d) => ({
          id: d.id,
          kind: d.kind,
          title: d.title,
          number: d.number,
          issuerName: d.issuer_name,
          issuedOn: d.issued_on,
          sealId: d.seal_id,
          sealCode: d.seal_code,
          signedAt: d.signed_at.toISOString(),
          pdfSm3: d.pdf_sm3.toString('hex'),
          pdfSignature: d.pdf_signature.toString('hex'),
          signedData: d.signed_data.toString('utf8'),
          dataSignature: d.data_signature.toString('hex'),
        })),
      };
    },
  );

  const admin = { preHandler: requireRole('admin') };
  app.get(
    '/api/admin/decision-settings',
    { ...admin, schema: { tags: ['cases'], summary: '决定机关：行政审批局（相对集中行政许可权）与各部门机关代字', response: { 200: ZDecisionSettings, ...errors } } },
    async (request) => getDecisionSettings(db, requireActor(request)),
  );
  app.put(
    '/api/admin/decision-settings',
    { ...admin, schema: { tags: ['cases'], summary: '指定行政审批局及其集中行使许可权的部门（无则各部门以自己的名义决定）', body: ZDecisionSettingsInput, response: { 200: ZDecisionSettings, ...errors } } },
    async (request) => saveDecisionSettings(db, requireActor(request), request.body),
  );
  app.put(
    '/api/admin/departments/:id/abbreviation',
    {
      ...admin,
      schema: { tags: ['cases'], summary: '机关代字（文号前缀，如 梅市监）；null 清除', params: z.object({ id: ZId }), body: ZDepartmentAbbreviationInput, response: { 200: ZDecisionSettings, ...errors } },
    },
    async (request) => saveDepartmentAbbreviation(db, requireActor(request), request.params.id, request.body.abbreviation),
  );
};
