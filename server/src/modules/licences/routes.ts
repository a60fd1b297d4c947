import { contentDisposition } from '../../http/content-disposition.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError, notFound } from '../../http/errors.js';
import { findVisibleCase } from '../cases/repo.js';
import { onCaseStep } from '../cases/hooks.js';
import { sealSignerFor } from '../seals/keystore.js';
import { publicKeyPem } from '../seals/sm2.js';
import { changeLicenceLife, issueFromCase, type LicenceDeps } from './issue.js';
import { ZCaseLicences, ZLicenceList, ZLicenceOne, ZLicenceTypeInput, ZLicenceTypeList, ZLicenceTypeOne, ZLifecycleRequest, ZVerification } from './schema.js';
import * as service from './service.js';
import { verifyByReference, verifyPdf, verifySignedData } from './verify.js';
import { reuseRoutes } from './reuse-routes.js';
import { ZId as ZIdValue } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const ZId = z.object({ id: z.string().uuid() });
const MAX_PDF_BYTES = 20 * 1024 * 1024;

/** 电子证照库: issuance on approval, the wallet, the life cycle, public verification, licence types. */
export const licenceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const deps: LicenceDeps = { signer: sealSignerFor(config), publicUrl: config.publicUrl };
  await app.register(reuseRoutes);

  // Approval of a case whose item produces a licence issues it (once; a retry finds it issued).
  onCaseStep(db, 'licences.issue', ['approve', 'decide_on_spot'], async (database, step) => {
    await issueFromCase(database, deps, step.caseId);
  }, (error, step) => app.log.error({ err: error, caseId: step.caseId }, 'licence issuance failed'));

  // The verifier's upload arrives as the raw file.
  app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: MAX_PDF_BYTES }, (_request, body, done) => done(null, body));
  const verifyLimit = { rateLimit: { max: 60, timeWindow: '1 minute' } };

  app.get(
    '/api/public/licences/verify',
    {
      config: verifyLimit,
      schema: { tags: ['licences'], summary: '验真：电子证照标识（扫码）或证照编号', querystring: z.object({ ref: z.string().trim().min(4).max(80) }), response: { 200: ZVerification, ...errors } },
    },
    async (request) => verifyByReference(db, request.query.ref),
  );

  app.post(
    '/api/public/licences/verify-pdf',
    { config: verifyLimit, schema: { tags: ['licences'], summary: '验真：上传证照 PDF（请求体为文件本身，Content-Type: application/pdf）', response: { 200: ZVerification, ...errors } } },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 application/pdf 上传证照文件');
      return verifyPdf(db, request.body);
    },
  );

  app.post(
    '/api/public/licences/verify-data',
    {
      config: verifyLimit,
      schema: { tags: ['licences'], summary: '验真：证照签名数据（signedData 为下载所得的原文）', body: z.object({ signedData: z.string().min(2).max(100_000) }), response: { 200: ZVerification, ...errors } },
    },
    async (request) => verifySignedData(db, request.body.signedData),
  );

  app.get(
    '/api/licences/mine',
    { preHandler: requireRole('applicant'), schema: { tags: ['licences'], summary: '我的证照', response: { 200: ZLicenceList, ...errors } } },
    async (request) => ({ licences: await service.listWallet(db, requireActor(request)) }),
  );

  app.get(
    '/api/licences/issued',
    { preHandler: requireRole('reviewer', 'admin'), schema: { tags: ['licences'], summary: '本部门（本中心）签发的证照', response: { 200: ZLicenceList, ...errors } } },
    async (request) => ({ licences: await service.listIssued(db, requireActor(request)) }),
  );

  app.get(
    '/api/licences/:id',
    { schema: { tags: ['licences'], summary: '证照详情与生命周期', params: ZId, response: { 200: ZLicenceOne, ...errors } } },
    async (request) => {
      const licence = await service.findVisibleLicence(db, requireActor(request), request.params.id);
      return { licence: await service.toDetail(db, licence) };
    },
  );

  app.get(
    '/api/licences/:id/pdf',
    { schema: { tags: ['licences'], summary: '证照照面 PDF（签名的原件）', params: ZId } },
    async (request, reply) => {
      const licence = await service.findVisibleLicence(db, requireActor(request), request.params.id);
      reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(`${licence.type_name}-${licence.number}${licence.version > 1 ? `-第${licence.version}版` : ''}.pdf`, 'inline'));
      return reply.send(licence.pdf);
    },
  );

  app.get(
    '/api/licences/:id/signed-data',
    {
      schema: {
        tags: ['licences'],
        summary: '签名原文与签名（离线验签用；见 README「证照验签」）',
        params: ZId,
        response: { 200: z.object({ signedData: z.string(), dataSignature: z.string(), pdfSignature: z.string(), pdfSm3: z.string(), sealId: z.number(), sealCode: z.string(), publicKey: z.string(), publicKeyPem: z.string(), userId: z.string() }), ...errors },
      },
    },
    async (request) => {
      const licence = await service.findVisibleLicence(db, requireActor(request), request.params.id);
      return {
        signedData: licence.signed_data.toString('utf8'),
        dataSignature: licence.data_signature.toString('hex'),
        pdfSignature: licence.pdf_signature.toString('hex'),
        pdfSm3: licence.pdf_sm3.toString('hex'),
        sealId: licence.seal_id,
        sealCode: licence.seal_code,
        publicKey: licence.seal_public_key,
        publicKeyPem: publicKeyPem(licence.seal_public_key),
        userId: '1234567812345678',
      };
    },
  );

  app.post(
    '/api/licences/:id/lifecycle',
    {
      preHandler: requireRole('reviewer', 'admin'),
      schema: { tags: ['licences'], summary: '变更 change / 延续 renew / 中止 suspend / 恢复 resume / 注销 cancel / 吊销 revoke', params: ZId, body: ZLifecycleRequest, response: { 200: ZLicenceOne, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await changeLicenceLife(db, deps, { actor, licenceId: request.params.id, ...request.body });
      return { licence: await service.toDetail(db, await service.findVisibleLicence(db, actor, row.id)) };
    },
  );

  app.get(
    '/api/cases/:id/licences',
    { schema: { tags: ['licences'], summary: '办件结果中的电子证照', params: ZId, response: { 200: ZCaseLicences, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      if (!(await findVisibleCase(db, request.params.id, actor))) throw notFound('办件');
      const rows = await service.licencesOfCaseWithId(db, request.params.id);
      return { licences: rows };
    },
  );

  const admin = { preHandler: requireRole('admin') };
  app.get(
    '/api/admin/licence-types',
    { ...admin, schema: { tags: ['licences'], summary: '证照类型', response: { 200: ZLicenceTypeList, ...errors } } },
    async (request) => ({ types: await service.listLicenceTypes(db, requireActor(request)) }),
  );
  app.post(
    '/api/admin/licence-types',
    { ...admin, schema: { tags: ['licences'], summary: '新建证照类型', body: ZLicenceTypeInput, response: { 201: ZLicenceTypeOne, ...errors } } },
    async (request, reply) => {
      reply.status(201);
      return { type: await service.saveLicenceType(db, requireActor(request), request.body) };
    },
  );
  app.put(
    '/api/admin/licence-types/:id',
    { ...admin, schema: { tags: ['licences'], summary: '修改证照类型', params: z.object({ id: ZIdValue }), body: ZLicenceTypeInput, response: { 200: ZLicenceTypeOne, ...errors } } },
    async (request) => ({ type: await service.saveLicenceType(db, requireActor(request), request.body, request.params.id) }),
  );
};
