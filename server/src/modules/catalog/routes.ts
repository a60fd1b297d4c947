import { chinaDate } from '../../util/china-time.js';
import { renderFormPdf } from './form-pdf.js';
import { contentDisposition } from '../../http/content-disposition.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZErrorResponse } from '../../http/error-schema.js';
import { notFound } from '../../http/errors.js';
import { catalogAdminRoutes } from './admin-routes.js';
import { ITEM_TYPES } from './codes.js';
import { renderGuidePdf } from './guide-pdf.js';
import * as repo from './repo.js';
import { ZCompressionQuerySchema, ZCompressionSchema, ZGuideSchema, ZItemByCode, ZItemPageSchema, ZItemSearchQuerySchema, ZStatsSchema, ZThemesSchema } from './schema.js';
import { buildCompression, buildStats } from './stats.js';
import { findItemByCode, toDetail, toSummary } from './service.js';
import { THEMES } from './themes.js';
import { ZId } from '../../http/params.js';
import { readDb } from '../../http/read-db.js';

export { ZFormField } from './schema.js';

const ZItemParams = z.object({ id: ZId });
/** The public side of the catalogue: anyone may search and read published items and their guides. */
export const catalogRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config } = app.deps;
  // The admin side lives in its own plugin (multipart stays scoped to it); app.ts registers only this one.
  await app.register(catalogAdminRoutes);

  app.get(
    '/api/catalog/codes/:code',
    {
      schema: {
        tags: ['catalog'],
        summary: '按实施编码查找事项（含下放、承接前的旧编码）及其编码沿革',
        params: z.object({ code: z.string().trim().min(10).max(60) }),
        response: { 200: ZItemByCode, 404: ZErrorResponse },
      },
    },
    async (request) => findItemByCode(await readDb(request), request.params.code),
  );

  app.get(
    '/api/catalog/items',
    {
      schema: {
        tags: ['catalog'],
        summary: '搜索已发布的事项（中文、全拼或拼音首字母；部门、主题、类型筛选）',
        querystring: ZItemSearchQuerySchema,
        response: { 200: ZItemPageSchema },
      },
    },
    async (request) => {
      const q = request.query;
      // 服务对象: an enterprise account is offered the items for 法人 (and both), never those for individuals only.
      const actor = request.actor;
      const target = actor?.role === 'applicant' && actor.applicantKind === 'legal' ? 'legal' : q.target;
      const { rows, total } = await repo.searchItems(await readDb(request), { ...q, target, statuses: ['published'] });
      return { items: rows.map(toSummary), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    '/api/catalog/items/:id',
    {
      schema: {
        tags: ['catalog'],
        summary: '事项详情（办事指南）',
        params: ZItemParams,
        response: {
          200: ZGuideSchema,
          404: ZErrorResponse,
        },
      },
    },
    async (request) => {
      const reader = await readDb(request);
      const row = await repo.findFullItem(reader, request.params.id);
      if (!row || row.status !== 'published') throw notFound('事项');
      const related = await repo.findRelatedItems(reader, row);
      return { item: toDetail(row), related: related.map((r) => ({ id: r.id, name: r.name, hierarchy: r.hierarchy, handlingKind: r.handling_kind })) };
    },
  );

  app.get(
    '/api/catalog/items/:id/versions/:versionId',
    {
      schema: {
        tags: ['catalog'],
        summary: '事项的某一已发布版本（办件按其申请时的版本办理；cases.item_version_id 指向它）',
        params: z.object({ id: ZId, versionId: ZId }),
        response: {
          200: z.object({ versionNo: z.number(), action: z.string(), reason: z.string(), createdAt: z.string(), item: z.record(z.string(), z.unknown()) }),
          404: ZErrorResponse,
        },
      },
    },
    async (request) => {
      // Versions exist only from publication on, and published guides are public (五公开).
      const version = await repo.findVersion(await readDb(request), request.params.versionId);
      if (!version || version.item_id !== request.params.id) throw notFound('版本');
      return { versionNo: version.version_no, action: version.action, reason: version.reason, createdAt: new Date(version.created_at).toISOString(), item: version.snapshot };
    },
  );

  app.get(
    '/api/catalog/items/:id/form.pdf',
    {
      schema: {
        tags: ['catalog'],
        summary: '申请表 PDF: blank 空白表, sample 样表 (example answers), from the item\'s online form',
        params: ZItemParams,
        querystring: z.object({ kind: z.enum(['blank', 'sample']).default('blank') }),
      },
    },
    async (request, reply) => {
      const reader = await readDb(request);
      const row = await repo.findFullItem(reader, request.params.id);
      if (!row || row.status !== 'published') throw notFound('事项');
      const centre = await repo.findCentreName(reader, row.centre_id);
      const item = toDetail(row);
      const pdf = await renderFormPdf(item, request.query.kind, { centreName: centre?.name, today: chinaDate() });
      reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(`${row.name}申请表（${request.query.kind === 'sample' ? '样表' : '空白表'}）.pdf`, 'inline'));
      return reply.send(pdf);
    },
  );

  app.get(
    '/api/catalog/items/:id/guide.pdf',
    { schema: { tags: ['catalog'], summary: '办事指南 PDF（含网上申请二维码）', params: ZItemParams } },
    async (request, reply) => {
      const reader = await readDb(request);
      const row = await repo.findFullItem(reader, request.params.id);
      if (!row || row.status !== 'published') throw notFound('事项');
      const centre = await repo.findCentreName(reader, row.centre_id);
      const pdf = await renderGuidePdf(toDetail(row), { publicUrl: config.publicUrl, centreName: centre?.name });
      reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(`${row.name}办事指南.pdf`, 'inline'));
      return reply.send(pdf);
    },
  );

  app.get(
    '/api/catalog/stats',
    { schema: { tags: ['catalog'], summary: '事项目录统计（类型、部门、时限压缩、跑动次数、网办深度）', response: { 200: ZStatsSchema } } },
    async (request) => buildStats(await readDb(request)),
  );

  app.get(
    '/api/catalog/stats/compression',
    {
      schema: {
        tags: ['catalog'],
        summary: '承诺时限压缩：两个日期的事项目录对比（承诺时限总和、平均、5个工作日以内占比、较法定时限压缩）',
        querystring: ZCompressionQuerySchema,
        response: { 200: ZCompressionSchema, 400: ZErrorResponse },
      },
    },
    async (request) => buildCompression(await readDb(request), request.query),
  );

  app.get(
    '/api/catalog/themes',
    {
      schema: {
        tags: ['catalog'],
        summary: '个人主题（生命周期）与法人主题，及各主题下已发布事项数',
        response: {
          200: ZThemesSchema,
        },
      },
    },
    async (request) => {
      const counts = await repo.themeCounts(await readDb(request));
      return {
        themes: THEMES.map((t) => ({ ...t, count: counts.get(t.name) ?? 0 })),
        itemTypes: ITEM_TYPES.map((t) => ({ code: t.code, name: t.name })),
      };
    },
  );
};
