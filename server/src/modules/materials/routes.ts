import { contentDisposition } from '../../http/content-disposition.js';
import path from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError, notFound } from '../../http/errors.js';
import { ZCaseIdParams } from '../cases/schema.js';
import { EXTENSIONS } from './detect.js';
import { listMaterials } from './repo.js';
import { checkMaterial, MAX_FILE_BYTES, readMaterial, uploadMaterial } from './service.js';
import { FileStore } from './storage.js';
import { findVisibleCaseDetail } from '../cases/repo.js';

const ZMaterial = z
  .object({
    id: z.string(),
    name: z.string(),
    originalName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number(),
    uploadedAt: z.string(),
    verdict: z.enum(['unchecked', 'ok', 'missing', 'wrong', 'expired']),
    verdictNote: z.string().nullable(),
  })
  .meta({ id: 'Material' });

const ZMaterialParams = ZCaseIdParams.extend({ materialId: z.uuid('材料编号格式不正确') });
const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };

/** 申请材料: upload (checked by content), list, download (audited), and the clerk's check. */
export const materialRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const store = new FileStore(path.join(config.dataDir, 'files'));
  await app.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, fieldSize: 1000 } });

  app.get(
    '/api/cases/:id/materials',
    { schema: { tags: ['materials'], summary: '办件材料列表', params: ZCaseIdParams, response: { 200: z.object({ materials: z.array(ZMaterial) }), ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      if (!(await findVisibleCaseDetail(db, request.params.id, actor))) throw notFound('办件');
      const rows = await listMaterials(db, request.params.id);
      return {
        materials: rows.map((m) => ({
          id: m.id,
          name: m.name,
          originalName: m.original_name,
          contentType: m.content_type,
          sizeBytes: m.size_bytes,
          uploadedAt: m.uploaded_at.toISOString(),
          verdict: m.verdict,
          verdictNote: m.verdict_note,
        })),
      };
    },
  );

  app.post(
    '/api/cases/:id/materials',
    {
      schema: {
        tags: ['materials'],
        summary: '上传材料 (multipart: field "name" = material name, then "file"; PDF/JPEG/PNG/OFD by content, ≤ 20 MB)',
        params: ZCaseIdParams,
        consumes: ['multipart/form-data'],
        response: { 201: z.object({ id: z.string() }), 413: ZErrorResponse, 415: ZErrorResponse, ...errors },
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
      if (!name || name.length > 100) {
        throw new AppError('VALIDATION_FAILED', '请填写材料名称（须在文件之前提交）', [{ field: 'body.name', message: '请填写材料名称' }]);
      }
      const created = await uploadMaterial({ db, store, actor, caseId: request.params.id, name, originalName: part.filename, content });
      reply.status(201);
      return created;
    },
  );

  app.get(
    '/api/cases/:id/materials/:materialId/file',
    { schema: { tags: ['materials'], summary: '下载材料 (audited; the file itself, or an error)', params: ZMaterialParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const material = await readMaterial({ db, store, actor, caseId: request.params.id, materialId: request.params.materialId });
      const filename = `${material.name}.${EXTENSIONS[material.content_type]}`;
      reply
        .header('content-type', material.content_type)
        .header('content-disposition', contentDisposition(filename))
        .header('cache-control', 'private, no-store');
      return reply.send(material.content);
    },
  );

  app.post(
    '/api/cases/:id/materials/:materialId/check',
    {
      schema: {
        tags: ['materials'],
        summary: '窗口核验材料 (clerk)',
        params: ZMaterialParams,
        body: z.object({ verdict: z.enum(['ok', 'missing', 'wrong', 'expired']), note: z.string().trim().max(500).optional() }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await checkMaterial({ db, actor, caseId: request.params.id, materialId: request.params.materialId, ...request.body });
      return { ok: true as const };
    },
  );
};
