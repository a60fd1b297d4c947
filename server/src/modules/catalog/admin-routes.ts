import { contentDisposition } from '../../http/content-disposition.js';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError, notFound } from '../../http/errors.js';
import { composeItemCode, ITEM_TYPE_CODES } from './codes.js';
import { catalogTemplate, exportCatalog, importCatalog } from './import.js';
import type { ImportProblem } from './xlsx.js';
import * as repo from './repo.js';
import { buildCompression, buildStats } from './stats.js';
import {
  ZAdminItemQuerySchema,
  ZChangeItemSchema,
  ZCompressionQuerySchema,
  ZCompressionSchema,
  ZDelegateSchema,
  ZItemContentSchema,
  ZItemAnswerSchema,
  ZItemCodeSchema,
  ZItemDetailSchema,
  ZImportQuerySchema,
  ZImportReport,
  ZItemPageSchema,
  ZReasonSchema,
  ZStatsSchema,
  ZTakeOverSchema,
  ZVersionListSchema,
} from './schema.js';
import * as service from './service.js';
import { ZId, queryInt } from '../../http/params.js';

const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZItemParams = z.object({ id: ZId });
const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const itemResponse = { 200: ZItemAnswerSchema, ...errors };

/** The one error shape for a rejected workbook: every bad cell as `sheet!A1` with header, value and reason. */
const cellField = (p: ImportProblem) => (p.row ? `${p.sheet}!${p.column}${p.row}` : p.sheet || 'body.file');

export function importFailure(problems: ImportProblem[]): AppError {
  const details = problems.map((p) => ({
    field: cellField(p),
    message: `${p.header ? `「${p.header}」` : ''}${p.value ? `「${p.value}」` : ''}${p.header || p.value ? '：' : ''}${p.message}`,
  }));
  return new AppError('VALIDATION_FAILED', `导入文件有 ${problems.length} 处错误，未导入任何内容`, details);
}

/** The administrator's side of the catalogue: editing, lifecycle, versions, import and export. */
export const catalogAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  await app.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 2 } });
  const admin = { preHandler: requireRole('admin') };
  const centreOf = (request: { actor: unknown }) => requireActor(request as never).centreId;

  app.get(
    '/api/admin/items',
    { ...admin, schema: { tags: ['catalog-admin'], summary: '事项列表（所有状态）', querystring: ZAdminItemQuerySchema, response: { 200: ZItemPageSchema, ...errors } } },
    async (request) => {
      const { status, ...q } = request.query;
      const { rows, total } = await repo.searchItems(db, {
        ...q,
        statuses: status ? [status] : ['draft', 'published', 'suspended', 'cancelled'],
        centreId: centreOf(request),
      });
      return { items: rows.map(service.toSummary), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.post(
    '/api/admin/items',
    { ...admin, schema: { tags: ['catalog-admin'], summary: '新建事项（草稿）', body: ZItemContentSchema, response: { 201: ZItemAnswerSchema, ...errors } } },
    async (request, reply) => {
      const item = await service.createItem({ db, actor: requireActor(request), content: request.body });
      reply.status(201);
      return { item };
    },
  );

  app.get(
    '/api/admin/items/code',
    {
      ...admin,
      schema: {
        tags: ['catalog-admin'],
        summary: '按部门和类型生成实施编码（下一个未用的主项编号）',
        querystring: z.object({
          departmentId: ZId,
          itemType: z.enum(ITEM_TYPE_CODES),
          handlingNo: queryInt(0, 99).default(0),
        }),
        response: { 200: ZItemCodeSchema, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
      const department = await repo.findDepartmentForCode(db, q.departmentId);
      if (!department || (actor.centreId && department.centre_id !== actor.centreId)) throw notFound('部门');
      const used = await repo.listBasicCodes(db, q.itemType);
      const highest = used.reduce((max, r) => Math.max(max, Number(r.basic_code.slice(3, 8)) || 0), 0);
      return {
        code: composeItemCode({ creditCode: department.credit_code, level: 4, division: department.region_code, itemType: q.itemType, mainNo: highest + 1, handlingNo: q.handlingNo }),
      };
    },
  );

  app.get(
    '/api/admin/items/template.xlsx',
    { ...admin, schema: { tags: ['catalog-admin'], summary: '下载导入模板（中文表头与填写说明）' } },
    async (_request, reply) => {
      reply.header('content-type', XLSX).header('content-disposition', contentDisposition('事项目录导入模板.xlsx'));
      return reply.send(await catalogTemplate());
    },
  );

  app.get(
    '/api/admin/items/export.xlsx',
    { ...admin, schema: { tags: ['catalog-admin'], summary: '导出事项目录（与导入模板同一格式）' } },
    async (request, reply) => {
      const data = await exportCatalog(db, centreOf(request));
      reply.header('content-type', XLSX).header('content-disposition', contentDisposition('事项目录.xlsx'));
      return reply.send(data);
    },
  );

  app.post(
    '/api/admin/items/import',
    {
      ...admin,
      schema: {
        tags: ['catalog-admin'],
        summary: '导入事项目录 xlsx（multipart "file"）：先校验整个文件，逐格报告每处错误；可只检查（dryRun），可只导入无误的行（mode=valid）',
        consumes: ['multipart/form-data'],
        querystring: ZImportQuerySchema,
        response: { 200: ZImportReport, 413: ZErrorResponse, 415: ZErrorResponse, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传 xlsx 文件');
      const part = await request.file();
      if (!part) throw new AppError('VALIDATION_FAILED', '请选择文件', [{ field: 'body.file', message: '请选择文件' }]);
      const data = await part.toBuffer().catch((error: { code?: string }) => {
        if (error.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', `文件不能超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
        throw error;
      });
      const centreId = actor.centreId ?? (await repo.findFirstCentre(db))?.id;
      if (!centreId) throw new AppError('INVALID_STATE', '系统中还没有服务中心');
      const dryRun = request.query.dryRun === 'true';
      const importValid = request.query.mode === 'valid';
      const result = await importCatalog({ db, data, centreId, actorId: actor.id, dryRun, importValid });
      // In the all-or-nothing mode a file with problems fails like any invalid input: one error,
      // one detail per bad cell, the field naming the cell as a spreadsheet does (事项!C5).
      if (!result.ok && !dryRun && !importValid) throw importFailure(result.problems);
      return { ...result, problems: result.problems.map((p) => ({ ...p, field: cellField(p) })) };
    },
  );

  app.get(
    '/api/admin/items/stats',
    { ...admin, schema: { tags: ['catalog-admin'], summary: '本中心事项统计', response: { 200: ZStatsSchema, ...errors } } },
    async (request) => buildStats(db, centreOf(request)),
  );

  app.get(
    '/api/admin/items/stats/compression',
    {
      ...admin,
      schema: {
        tags: ['catalog-admin'],
        summary: '本中心承诺时限压缩：两个日期的事项目录对比',
        querystring: ZCompressionQuerySchema,
        response: { 200: ZCompressionSchema, ...errors },
      },
    },
    async (request) => buildCompression(db, request.query, centreOf(request)),
  );

  app.get(
    '/api/admin/items/:id',
    { ...admin, schema: { tags: ['catalog-admin'], summary: '事项详情（任何状态）', params: ZItemParams, response: itemResponse } },
    async (request) => ({ item: service.toDetail(await service.loadItemForAdmin(db, requireActor(request), request.params.id)) }),
  );

  app.put(
    '/api/admin/items/:id',
    { ...admin, schema: { tags: ['catalog-admin'], summary: '修改草稿', params: ZItemParams, body: ZItemContentSchema, response: itemResponse } },
    async (request) => ({ item: await service.updateDraft({ db, actor: requireActor(request), itemId: request.params.id, content: request.body }) }),
  );

  app.get(
    '/api/admin/items/:id/versions',
    {
      ...admin,
      schema: { tags: ['catalog-admin'], summary: '版本历史（谁、何时、为何）', params: ZItemParams, response: { 200: ZVersionListSchema, ...errors } },
    },
    async (request) => {
      await service.loadItemForAdmin(db, requireActor(request), request.params.id);
      const rows = await repo.listVersions(db, request.params.id);
      return {
        versions: rows.map((v) => ({ id: v.id, versionNo: v.version_no, action: v.action, reason: v.reason, actorName: v.actor_name, createdAt: new Date(v.created_at).toISOString() })),
      };
    },
  );

  app.get(
    '/api/admin/items/:id/versions/:versionId',
    {
      ...admin,
      schema: {
        tags: ['catalog-admin'],
        summary: '某一版本的事项内容（案件按其申请时的版本办理）',
        params: z.object({ id: ZId, versionId: ZId }),
        response: { 200: z.object({ versionNo: z.number(), item: z.record(z.string(), z.unknown()) }), ...errors },
      },
    },
    async (request) => {
      await service.loadItemForAdmin(db, requireActor(request), request.params.id);
      const version = await repo.findVersion(db, request.params.versionId);
      if (!version || version.item_id !== request.params.id) throw notFound('版本');
      return { versionNo: version.version_no, item: version.snapshot };
    },
  );

  const step = <S extends z.ZodType>(path: string, summary: string, body: S, run: (o: { actor: ReturnType<typeof requireActor>; itemId: number; body: z.infer<S> }) => Promise<unknown>) =>
    app.post(
      `/api/admin/items/:id/${path}`,
      { ...admin, schema: { tags: ['catalog-admin'], summary, params: ZItemParams, body, response: itemResponse } },
      async (request) => ({ item: (await run({ actor: requireActor(request), itemId: (request.params as { id: number }).id, body: request.body as z.infer<S> })) as z.infer<typeof ZItemDetailSchema> }),
    );

  step('publish', '发布（生成版本 1）', z.object({ reason: z.string().trim().max(500).optional() }), (o) => service.publishItem({ db, ...o, reason: o.body.reason }));
  step('change', '变更已发布事项（生成新版本，写明原因）', ZChangeItemSchema, (o) => service.changeItem({ db, ...o, reason: o.body.reason, content: o.body.item }));
  step('suspend', '暂停办理', ZReasonSchema, (o) => service.suspendItem({ db, ...o, reason: o.body.reason }));
  step('resume', '恢复办理', ZReasonSchema, (o) => service.resumeItem({ db, ...o, reason: o.body.reason }));
  step('cancel', '取消事项', ZReasonSchema, (o) => service.cancelItem({ db, ...o, reason: o.body.reason }));
  step('delegate', '下放到下级实施', ZDelegateSchema, (o) => service.delegateItem({ db, ...o, reason: o.body.reason, to: o.body.to, level: o.body.level, creditCode: o.body.creditCode, regionCode: o.body.regionCode }));
  step('take-over', '承接上级下放的事项', ZTakeOverSchema, (o) => service.takeOverItem({ db, ...o, reason: o.body.reason, from: o.body.from }));
};
