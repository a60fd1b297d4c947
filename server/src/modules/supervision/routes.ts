import { contentDisposition } from '../../http/content-disposition.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError, notFound } from '../../http/errors.js';
import { trainingDay, ZAsOf } from '../../http/training-clock.js';
import { regionPrefix } from '../cases/policy.js';
import { chinaDate } from '../../util/china-time.js';
import { circularPdf, circularWorkbook, monthlyCircular } from './circular.js';
import { dashboardTiles, lightsBy, runningCaseList } from './dashboard.js';
import { deliveryFigures } from './delivery.js';
import { CaseEventHub } from './live.js';
import { centresInScope, ScreenCache } from './screen.js';
import { supervisionScope } from './scope.js';
import { dailyTrend, periodStats } from './stats.js';
import { ZId, queryInt } from '../../http/params.js';
import { readDb } from '../../http/read-db.js';
import { centreRegion } from '../network/repo.js';
import { screenKeyRoutes } from './screen-key-routes.js';
import { screenKeyId } from './screen-keys.js';
import { ScreenStreams } from './screen-streams.js';
import { ZBigScreen, ZCentreList, ZCircular, ZDashboard, ZDeliveryFigures, ZLightGroup, ZLightRows, ZRunningCasePage, ZRunningKind, ZStats, ZStatsDimension, ZTrend } from './schema.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse };
const ZDate = z.iso.date('日期格式应为 YYYY-MM-DD');
const ZMonth = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM') });

const replicaNote = (request: { replicaLagMs: number | null }) => (request.replicaLagMs === null ? null : { lagMs: request.replicaLagMs });

/** 电子监察: the supervisor's dashboard, lists, statistics, the monthly circular and the big screen. */
export const supervisionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const supervisors = requireRole('supervisor', 'admin');
  const hub = config.databaseUrl ? new CaseEventHub(config.databaseUrl) : undefined;
  // Open screens would hold the server open on shutdown: end them first, then the LISTEN connection.
  const streams = new ScreenStreams(config.screenStreams);
  const screenCache = new ScreenCache(hub);
  app.addHook('preClose', async () => streams.closeAll());
  await app.register(screenKeyRoutes, { streams });
  app.addHook('onClose', async () => hub?.close());
  const scopeOf = (request: Parameters<typeof requireActor>[0]) => supervisionScope(db, requireActor(request));

  app.get(
    '/api/supervision/dashboard',
    {
      preHandler: supervisors,
      schema: {
        tags: ['supervision'],
        summary: '监察总览: lights of the running cases, today’s intake, 督办 and 差评整改 awaiting',
        querystring: z.object({ asOf: ZAsOf }),
        response: {
          200: ZDashboard,
          ...errors,
        },
      },
    },
    async (request) => {
      const today = trainingDay(config, request.query.asOf, 'query.asOf');
      const scope = await scopeOf(request);
      const database = await readDb(request);
      const day = today ?? chinaDate();
      const [tiles, delivery] = await Promise.all([dashboardTiles(database, { scope, today }), deliveryFigures(database, { scope, from: `${day.slice(0, 8)}01`, to: day, today: day })]);
      return { ...tiles, delivery, scope, readReplica: replicaNote(request) };
    },
  );

  app.get(
    '/api/supervision/delivery',
    {
      preHandler: supervisors,
      schema: {
        tags: ['supervision'],
        summary: '许可证件送达 (行政许可法 art. 44): licences waiting for issuance by light, and delivered / delivered late in a period',
        querystring: z.object({ from: ZDate, to: ZDate, asOf: ZAsOf.describe('演练时钟: the waiting licences judged as of this later day') }),
        response: { 200: ZDeliveryFigures, ...errors },
      },
    },
    async (request) => {
      const today = trainingDay(config, request.query.asOf, 'query.asOf');
      return deliveryFigures(await readDb(request), { scope: await scopeOf(request), from: request.query.from, to: request.query.to, today });
    },
  );

  app.get(
    '/api/supervision/centres',
    {
      preHandler: supervisors,
      schema: {
        tags: ['supervision'],
        summary: 'The service centres in the caller’s region, each with its 大屏 address',
        response: {
          200: ZCentreList,
          ...errors,
        },
      },
    },
    async (request) => ({ centres: await centresInScope(await readDb(request), { scope: await scopeOf(request) }) }),
  );

  app.get(
    '/api/supervision/lights',
    {
      preHandler: supervisors,
      schema: {
        tags: ['supervision'],
        summary: '红黄绿灯 of the running cases per department, window or item',
        querystring: z.object({ group: ZLightGroup.default('department'), asOf: ZAsOf }),
        response: { 200: ZLightRows, ...errors },
      },
    },
    async (request) => {
      const today = trainingDay(config, request.query.asOf, 'query.asOf');
      return { rows: await lightsBy(await readDb(request), { group: request.query.group, scope: await scopeOf(request), today }) };
    },
  );

  app.get(
    '/api/supervision/cases',
    {
      preHandler: supervisors,
      schema: {
        tags: ['supervision'],
        summary: 'Overdue (red), warning (yellow) or stopped (grey) running cases, a page at a time',
        querystring: z.object({
          kind: ZRunningKind.default('overdue'),
          departmentId: ZId.optional(),
          windowId: ZId.optional(),
          itemId: ZId.optional(),
          after: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2},[\w-]{1,40}$/, '游标无效')
            .optional()
            .describe('nextCursor of the previous page'),
          limit: queryInt(1, 200).default(20),
          asOf: ZAsOf,
        }),
        response: {
          200: ZRunningCasePage,
          ...errors,
        },
      },
    },
    async (request) => {
      const { kind, departmentId, windowId, itemId, after, limit } = request.query;
      const today = trainingDay(config, request.query.asOf, 'query.asOf');
      const [dueDate, number] = after ? after.split(',') : [];
      const page = await runningCaseList(await readDb(request), {
        kind,
        departmentId,
        windowId,
        itemId,
        limit,
        today,
        training: today !== undefined,
        scope: await scopeOf(request),
        after: dueDate && number ? { dueDate, number } : undefined,
      });
      return { items: page.items, nextCursor: page.next ? `${page.next.dueDate},${page.next.number}` : null };
    },
  );

  app.get(
    '/api/supervision/stats',
    {
      preHandler: supervisors,
      schema: {
        tags: ['supervision'],
        summary: 'Statistics for a period by department, window, staff member or item (definitions in the README)',
        querystring: z.object({
          from: ZDate,
          to: ZDate,
          dimension: ZStatsDimension.default('department'),
          key: ZId.optional().describe('one department / window / staff member / item'),
          asOf: ZAsOf.describe('演练时钟: 在办超期 (openOverdue) judged as of this later day; the period figures stay what happened'),
        }),
        response: { 200: ZStats, ...errors },
      },
    },
    async (request) => {
      const { asOf, ...query } = request.query;
      const overdueAsOf = trainingDay(config, asOf, 'query.asOf');
      return periodStats(await readDb(request), { ...query, overdueAsOf, scope: await scopeOf(request) });
    },
  );

  app.get(
    '/api/supervision/trend',
    {
      preHandler: supervisors,
      schema: {
        tags: ['supervision'],
        summary: 'Received and completed per day',
        querystring: z.object({ from: ZDate, to: ZDate }),
        response: { 200: ZTrend, ...errors },
      },
    },
    async (request) => ({ days: await dailyTrend(await readDb(request), { ...request.query, scope: await scopeOf(request) }) }),
  );

  app.get(
    '/api/supervision/circular',
    {
      preHandler: supervisors,
      schema: {
        tags: ['supervision'],
        summary: '月度通报: departments ranked for a month (also .xlsx and .pdf)',
        querystring: ZMonth,
        response: {
          200: ZCircular,
          ...errors,
        },
      },
    },
    async (request) => monthlyCircular(await readDb(request), { month: request.query.month, scope: await scopeOf(request) }),
  );

  for (const format of ['xlsx', 'pdf'] as const) {
    app.get(
      `/api/supervision/circular.${format}`,
      { preHandler: supervisors, schema: { tags: ['supervision'], summary: `月度通报 as ${format.toUpperCase()}`, querystring: ZMonth } },
      async (request, reply) => {
        const circular = await monthlyCircular(await readDb(request), { month: request.query.month, scope: await scopeOf(request) });
        const body = format === 'xlsx' ? await circularWorkbook(circular) : await circularPdf(circular);
        reply
          .header('content-type', format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/pdf')
          .header('content-disposition', contentDisposition(`月度通报-${circular.month}.${format}`));
        return body;
      },
    );
  }

  app.get(
    '/api/public/screen/:centreId',
    {
      schema: {
        tags: ['supervision'],
        summary: '大屏: counts for the hall display (public: no case numbers, no names)',
        params: z.object({ centreId: ZId }),
        response: { 200: ZBigScreen, 400: ZErrorResponse, 404: ZErrorResponse },
      },
    },
    async (request) => screenCache.get(request.params.centreId, await readDb(request)),
  );

  app.get(
    '/api/public/screen/:centreId/events',
    {
      schema: {
        tags: ['supervision'],
        summary:
          '大屏 live updates (text/event-stream): a `change` event after each committed case step. A hall screen passes its key (大屏密钥) ' +
          'and streams from reserved capacity; anonymous streams are limited per address and end after a while (the EventSource reconnects)',
        params: z.object({ centreId: ZId }),
        querystring: z.object({ key: z.string().min(20).max(100).optional().meta({ description: '大屏密钥, issued by the centre administrator' }) }),
      },
    },
    async (request, reply) => {
      if (!hub) throw new AppError('UNAVAILABLE', '实时推送不可用');
      const centre = await centreRegion(db, request.params.centreId);
      if (!centre) throw notFound('服务中心');
      const keyId = request.query.key === undefined ? undefined : await screenKeyId(db, request.params.centreId, request.query.key);
      // A screen shows its centre's region: steps elsewhere in the province would only make it refetch.
      const prefix = regionPrefix(centre.region_code);
      const raw = reply.raw;
      let pending: NodeJS.Timeout | undefined;
      let unsubscribe: (() => void) | undefined;
      const admission = streams.admit({
        address: request.ip,
        keyId,
        sink: raw,
        onEnd: () => {
          if (pending) clearTimeout(pending);
          unsubscribe?.();
          raw.end();
        },
      });
      if (!admission.ok) {
        if (admission.reason === 'address') {
          const limited = new AppError('RATE_LIMITED', `同一地址最多同时打开 ${streams.limits.perAddress} 个大屏实时连接`);
          // The error handler passes a rate limit's Retry-After on (as @fastify/rate-limit's errors carry it).
          throw Object.assign(limited, { headers: { 'retry-after': '30' } });
        }
        throw new AppError('UNAVAILABLE', '大屏实时连接已满，请稍后再试');
      }
      const stream = admission.stream;
      reply.hijack();
      raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      raw.write('retry: 2000\n\n');
      request.raw.on('close', () => stream.end('closed'));
      // Many steps in one burst become one refresh: at most one event per 200 ms per screen.
      const subscription = await hub.subscribe((signal) => {
        if (!signal.regionCode.startsWith(prefix)) return;
        pending ??= setTimeout(() => {
          pending = undefined;
          raw.write(`event: change\ndata: ${JSON.stringify({ action: signal.action, to: signal.to })}\n\n`);
        }, 200);
      });
      // The stream may have ended while subscribing (the client left at once).
      if (raw.writableEnded) subscription();
      else unsubscribe = subscription;
      if (!raw.writableEnded) raw.write(`event: ready\ndata: {}\n\n`);
    },
  );
};
