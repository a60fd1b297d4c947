import { contentDisposition } from '../../http/content-disposition.js';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZId } from '../../http/params.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError, notFound } from '../../http/errors.js';
import { ZCaseIdParams } from '../cases/schema.js';
import { EXTENSIONS } from './detect.js';
import { listMaterials } from './repo.js';
import { checkMaterial, MAX_CASE_BYTES, MAX_FILE_BYTES, MAX_FILES_PER_REQUEST, readMaterial, stageMaterials, uploadMaterials, type UploadedFile } from './service.js';
import { FileStore } from './storage.js';
import { ZUploaded, type TUploaded, ZMaterialList } from './schema.js';
import { findVisibleCaseDetail } from '../cases/repo.js';


const ZItemIdParams = z.object({ id: ZId });
const ZMaterialParams = ZCaseIdParams.extend({ materialId: z.uuid('材料编号格式不正确') });
const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };

/** 申请材料: upload (checked by content), list, download (audited), and the clerk's check. */
export const materialRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const store = new FileStore(path.join(config.dataDir, 'files'));
  await app.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES_PER_REQUEST, fields: MAX_FILES_PER_REQUEST * 2 + 5, fieldSize: 1000 } });

  app.get(
    '/api/cases/:id/materials',
    { schema: { tags: ['materials'], summary: '办件材料列表', params: ZCaseIdParams, response: { 200: ZMaterialList, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      if (!(await findVisibleCaseDetail(db, request.params.id, actor))) throw notFound('办件');
      const rows = await listMaterials(db, request.params.id);
      return {
        materials: rows.map((m) => ({
          id: m.id,
          materialId: m.item_material_id,
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
        summary: `上传材料 (multipart: field "materialId" = the listed material M01 … (or "name" where the item lists none), then one or more "file" parts, up to ${MAX_FILES_PER_REQUEST}; a later "materialId" applies to the files after it; after acceptance only a 容缺 material; PDF/JPEG/PNG/OFD by content and structure, ≤ 20 MB each; all stored or none)`,
        params: ZCaseIdParams,
        consumes: ['multipart/form-data'],
        response: { 201: ZUploaded, 413: ZErrorResponse, 415: ZErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const files = await readUploadedFiles(request);
      reply.status(201);
      return uploaded(await uploadMaterials({ db, store, actor, caseId: request.params.id, files }));
    },
  );

  app.post(
    '/api/catalog/items/:id/uploads',
    {
      preHandler: requireRole('applicant'),
      schema: {
        tags: ['materials'],
        summary: `预上传申请材料 (applicant, before submitting; multipart as above, "materialId" before the files); send the ids as "materials" with POST /api/cases`,
        params: ZItemIdParams,
        consumes: ['multipart/form-data'],
        response: { 201: ZUploaded, 413: ZErrorResponse, 415: ZErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const files = await readUploadedFiles(request);
      reply.status(201);
      return uploaded(await stageMaterials({ db, store, actor, itemId: request.params.id, files }));
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

/** The stored files, and the first one's id for callers that send one file. */
function uploaded(materials: TUploaded['materials']): TUploaded {
  return { id: materials[0]!.id, materials };
}

/**
 * Every file of the request, each under the material name sent last before it. Reading stops with
 * a clear answer at the first file over the size limit, past the count limit, or once the request
 * alone would exceed what one case may hold.
 */
async function readUploadedFiles(request: FastifyRequest): Promise<UploadedFile[]> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件');
  const files: UploadedFile[] = [];
  let name = '';
  let materialId: string | undefined;
  let total = 0;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname === 'name') name = String(part.value).trim();
        if (part.fieldname === 'materialId') materialId = String(part.value).trim();
        continue;
      }
      if ((!name && !materialId) || name.length > 100 || (materialId !== undefined && !/^M\d{2,3}$/.test(materialId))) {
        await part.toBuffer().catch(() => undefined);
        throw new AppError('VALIDATION_FAILED', '请选择文件对应的申请材料（须在文件之前提交）', [{ field: 'body.materialId', message: '请选择申请材料' }]);
      }
      const content = await part.toBuffer();
      total += content.length;
      if (total > MAX_CASE_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `每个办件的材料合计不能超过 ${MAX_CASE_BYTES / 1024 / 1024} MB`);
      files.push({ materialId, name, originalName: part.filename, content });
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', `单个文件不能超过 ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    if (code === 'FST_FILES_LIMIT') throw new AppError('PAYLOAD_TOO_LARGE', `一次最多上传 ${MAX_FILES_PER_REQUEST} 个文件`);
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') throw new AppError('PAYLOAD_TOO_LARGE', '表单字段过多');
    throw error;
  }
  if (files.length === 0) {
    if (!name && !materialId) throw new AppError('VALIDATION_FAILED', '请选择文件对应的申请材料（须在文件之前提交）', [{ field: 'body.materialId', message: '请选择申请材料' }]);
    throw new AppError('VALIDATION_FAILED', '请选择文件', [{ field: 'body.file', message: '请选择文件' }]);
  }
  return files;
}
