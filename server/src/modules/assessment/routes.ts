import { contentDisposition } from '../../http/content-disposition.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { computeRun } from './compute.js';
import { quarterPdf, quarterReport, quarterWorkbook } from './report.js';
import { confirmRun, getRun, publishedAwards, publishRun, traceIndicator } from './runs.js';
import { loadScheme, saveScheme } from './scheme.js';
import { ZIndicatorTrace, ZPublishedAwards, ZRun, ZScheme } from './schema.js';
import { ZId as ZIdValue, queryInt } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const ZId = z.object({ id: ZIdValue });

/** 考核: the scheme, monthly scores with their records, confirmation and publication, quarterly reports. */
export const assessmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const readers = requireRole('admin', 'supervisor');

  app.get(
    '/api/assessment/scheme',
    { preHandler: requireRole('admin'), schema: { tags: ['assessment'], summary: '考核细则', response: { 200: ZScheme, ...errors } } },
    async (request) => loadScheme(db, requireActor(request).centreId ?? -1),
  );

  app.put(
    '/api/assessment/scheme',
    { preHandler: requireRole('admin'), schema: { tags: ['assessment'], summary: '修改考核细则 (admin only)', body: ZScheme, response: { 200: ZScheme, ...errors } } },
    async (request) => saveScheme(db, requireActor(request), request.body),
  );

  app.post(
    '/api/assessment/runs',
    { preHandler: requireRole('admin'), schema: { tags: ['assessment'], summary: '计算（或重算未确认的）月度考核', body: z.object({ month: ZMonth }), response: { 200: ZRun, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const id = await computeRun(db, actor, request.body.month);
      return getRun(db, actor, { id });
    },
  );

  app.get(
    '/api/assessment/runs',
    {
      preHandler: readers,
      schema: { tags: ['assessment'], summary: '某月考核结果', querystring: z.object({ month: ZMonth, centreId: ZIdValue.optional() }), response: { 200: ZRun, ...errors } },
    },
    async (request) => getRun(db, requireActor(request), { month: request.query.month, centreId: request.query.centreId }),
  );

  app.post(
    '/api/assessment/runs/:id/confirm',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['assessment'],
        summary: '确认考核结果 (admin only; optionally other 文明窗口/文明之星 than proposed)',
        params: ZId,
        body: z.object({ scoreIds: z.array(z.number().int().positive()).max(100).optional() }),
        response: { 200: ZRun, ...errors },
      },
    },
    async (request) => confirmRun(db, requireActor(request), request.params.id, request.body.scoreIds ? { scoreIds: request.body.scoreIds } : undefined),
  );

  app.post(
    '/api/assessment/runs/:id/publish',
    { preHandler: requireRole('admin'), schema: { tags: ['assessment'], summary: '公布 (admin only)', params: ZId, response: { 200: ZRun, ...errors } } },
    async (request) => publishRun(db, requireActor(request), request.params.id),
  );

  app.get(
    '/api/assessment/scores/:id/trace',
    {
      preHandler: readers,
      schema: {
        tags: ['assessment'],
        summary: '一项得分背后的记录',
        params: ZId,
        querystring: z.object({ indicator: z.string().max(20) }),
        response: { 200: ZIndicatorTrace, ...errors },
      },
    },
    async (request) => traceIndicator(db, requireActor(request), request.params.id, request.query.indicator),
  );

  app.get(
    '/api/assessment/reports/quarter',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['assessment'],
        summary: '季度考核报告 per department (format=xlsx|pdf|json)',
        querystring: z.object({ year: queryInt(2000, 2100), quarter: queryInt(1, 4), format: z.enum(['json', 'xlsx', 'pdf']).default('json') }),
      },
    },
    async (request, reply) => {
      const { year, quarter, format } = request.query;
      const report = await quarterReport(db, requireActor(request), year, quarter);
      const name = `${year}年第${quarter}季度考核报告`;
      if (format === 'xlsx') {
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', contentDisposition(`${name}.xlsx`))
          .send(await quarterWorkbook(report));
      }
      if (format === 'pdf') return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(`${name}.pdf`)).send(await quarterPdf(report));
      return report;
    },
  );

  app.get(
    '/api/public/assessment/:centreId',
    {
      schema: {
        tags: ['assessment'],
        summary: '文明窗口 / 文明之星 (public: published months only)',
        params: z.object({ centreId: ZIdValue }),
        response: {
          200: ZPublishedAwards,
        },
      },
    },
    async (request) => ({ months: await publishedAwards(db, request.params.centreId) }),
  );
};
