import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError, forbidden } from '../../http/errors.js';
import { loadWindowScheme, saveWindowScheme, windowIndicatorsAt, ZRatingIndicatorScheme } from './indicators.js';
import { ZCaseIdParams } from '../cases/schema.js';
import { currentWindowService, exportRatings, loadRatingSettings, saveRatingSettings, ZRatingSettings, issueKioskKey, openWindowService, rateCase, rateWindowService, ratingStats } from './service.js';
import { advanceRectification, listRectifications, STEPS_NEEDING_TEXT } from './rectifications.js';
import { chinaDate } from '../../util/china-time.js';
import { ZId, queryInt } from '../../http/params.js';
import { ZKioskAddress, ZKioskCurrent, ZRated, ZRatingStats, ZRatingStatsBy, ZRectificationList } from './schema.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse, 429: ZErrorResponse };
const ZLevel = z.number().int().min(1).max(5).meta({ description: '5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意 (1–2 are 差评)' });
const ZIndicators = z.record(z.string(), z.number()).default({});
const ZComment = z.string().trim().max(500).default('');
const ZWindowParams = z.object({ windowId: ZId });

/** 好差评: online per case, at the window per service, and the published rates. */
export const ratingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;

  app.post(
    '/api/cases/:id/rating',
    {
      preHandler: requireRole('applicant'),
      schema: {
        tags: ['ratings'],
        summary: '评价办件 (一事一评, once the case is completed)',
        params: ZCaseIdParams,
        body: z.object({ level: ZLevel, indicators: ZIndicators, comment: ZComment }),
        response: { 201: ZRated, ...errors },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return rateCase({ db, actor: requireActor(request), caseId: request.params.id, ...request.body });
    },
  );

  app.post(
    '/api/hall/window-service',
    {
      preHandler: requireRole('clerk'),
      schema: {
        tags: ['ratings'],
        summary: '推送评价 (the window tablet shows the rating screen for this service)',
        body: z.object({ caseId: z.uuid().optional() }),
        response: { 201: z.object({ serviceId: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return openWindowService({ db, actor: requireActor(request), caseId: request.body.caseId });
    },
  );

  app.post(
    '/api/admin/windows/:windowId/kiosk-key',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['ratings'],
        summary: '为窗口评价器生成访问地址 (shown once; the previous one stops working)',
        params: ZWindowParams,
        response: { 200: ZKioskAddress, ...errors },
      },
    },
    async (request) => issueKioskKey({ db, actor: requireActor(request), windowId: request.params.windowId, publicUrl: config.publicUrl }),
  );

  app.get(
    '/api/kiosk/windows/:windowId/current',
    {
      schema: {
        tags: ['ratings'],
        summary: '评价器: the service waiting to be rated at this window (tablet key required)',
        params: ZWindowParams,
        querystring: z.object({ key: z.string().min(10).max(100) }),
        response: {
          200: ZKioskCurrent,
          ...errors,
        },
      },
    },
    async (request) => {
      const service = await currentWindowService(db, request.params.windowId, request.query.key);
      return { service, indicators: await windowIndicatorsAt(db, request.params.windowId) };
    },
  );

  app.post(
    '/api/kiosk/windows/:windowId/ratings',
    {
      schema: {
        tags: ['ratings'],
        summary: '评价器提交评价 (一次一评; no login, tablet key required)',
        params: ZWindowParams,
        body: z.object({ key: z.string().min(10).max(100), serviceId: z.uuid(), level: ZLevel, indicators: ZIndicators, comment: ZComment }),
        response: { 201: ZRated, ...errors },
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      reply.status(201);
      return rateWindowService({ db, windowId: request.params.windowId, ...request.body });
    },
  );

  app.get(
    '/api/ratings/stats',
    {
      schema: {
        tags: ['ratings'],
        summary: '满意率与差评率 and the ranking by department, window, staff, item or month (public; ratings found invalid on appeal do not count)',
        querystring: z.object({
          by: ZRatingStatsBy.default('department'),
          from: z.iso.date(),
          to: z.iso.date(),
          minCount: queryInt(1, 1000).default(1),
        }),
        response: {
          200: ZRatingStats,
          ...errors,
        },
      },
    },
    async (request) => ({ rows: await ratingStats(db, request.query) }),
  );

  app.get(
    '/api/rectifications',
    {
      preHandler: requireRole('reviewer', 'supervisor', 'applicant', 'admin'),
      schema: {
        tags: ['ratings'],
        summary: '差评整改 (the department its own, the centre administrator the centre\'s, a supervisor the region, a citizen theirs)',
        response: {
          200: ZRectificationList,
          ...errors,
        },
      },
    },
    async (request) => ({
      rectifications: (await listRectifications(db, requireActor(request), chinaDate())).map((r) => ({
        id: r.id,
        status: r.status,
        dueDate: r.due_date,
        overdue: r.overdue,
        needsCallback: r.needsCallback,
        level: r.level,
        comment: r.comment,
        channel: r.channel,
        ratedAt: r.rated_at.toISOString(),
        departmentName: r.department_name ?? r.centre_name,
        windowNumber: r.window_number,
        caseNumber: r.case_number,
        measures: r.measures,
        appealKind: r.appeal_kind,
        appealNote: r.appeal_note,
        decisionNote: r.decision_note,
        realName: r.realName,
        callbackAt: r.callback_at?.toISOString() ?? null,
        callbackNote: r.callback_note,
        fixLevel: r.fix_level,
        steps: r.steps,
      })),
    }),
  );

  app.post(
    '/api/rectifications/:id/:step',
    {
      schema: {
        tags: ['ratings'],
        summary:
          '整改流程: start, rectify, cannot_rectify, appeal (the department, or the centre administrator for a window without a case); accept_appeal, reject_appeal (supervisor); callback (once, real-name ratings; `level` records the citizen\'s rating of the fix by phone); rate_fix (the citizen, once)',
        params: z.object({
          id: ZId,
          step: z.enum(['start', 'rectify', 'cannot_rectify', 'appeal', 'accept_appeal', 'reject_appeal', 'callback', 'rate_fix']),
        }),
        body: z.object({ text: z.string().trim().max(2000).optional(), level: ZLevel.optional() }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      const { step } = request.params;
      const needsText = STEPS_NEEDING_TEXT.includes(step);
      if (needsText && (request.body.text ?? '').length < 2) {
        throw new AppError('VALIDATION_FAILED', '请填写说明', [{ field: 'body.text', message: '请填写说明' }]);
      }
      if (step === 'rate_fix' && request.body.level === undefined) {
        throw new AppError('VALIDATION_FAILED', '请选择满意度', [{ field: 'body.level', message: '请选择满意度' }]);
      }
      await advanceRectification({ db, actor: requireActor(request), id: request.params.id, step, ...request.body });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/ratings/export',
    {
      preHandler: requireRole('supervisor', 'admin'),
      schema: {
        tags: ['ratings'],
        summary: '好差评数据导出 for the provincial system (JSON, cursor paging; format in the README)',
        querystring: z.object({ after: queryInt(0, Number.MAX_SAFE_INTEGER).default(0), limit: queryInt(1, 1000).default(500) }),
      },
    },
    async (request) => exportRatings(db, request.query),
  );

  app.get(
    '/api/admin/ratings/indicators',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['ratings'], summary: '本中心评价器的评价指标（未设置时为国家好差评窗口指标）', response: { 200: ZRatingIndicatorScheme, ...errors } },
    },
    async (request) => {
      const centreId = requireActor(request).centreId;
      if (!centreId) throw forbidden('只有中心管理员可以查看评价器指标');
      return loadWindowScheme(db, centreId);
    },
  );

  app.put(
    '/api/admin/ratings/indicators',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['ratings'], summary: '修改本中心评价器的评价指标（键、名称、顺序、启用）', body: ZRatingIndicatorScheme, response: { 200: ZRatingIndicatorScheme, ...errors } },
    },
    async (request) => saveWindowScheme(db, requireActor(request), request.body),
  );

  app.get(
    '/api/admin/settings/ratings',
    { preHandler: requireRole('admin'), schema: { tags: ['ratings'], summary: '本地区好差评设置', response: { 200: ZRatingSettings, ...errors } } },
    async (request) => loadRatingSettings(db, requireActor(request).regionCode),
  );

  app.put(
    '/api/admin/settings/ratings',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['ratings'], summary: '修改本地区好差评设置 (整改期限 etc.)', body: ZRatingSettings, response: { 200: ZRatingSettings, ...errors } },
    },
    async (request) => {
      await saveRatingSettings(db, requireActor(request), request.body);
      return request.body;
    },
  );
};
