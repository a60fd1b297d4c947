import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError } from '../../http/errors.js';
import { hallDisplay, ticketStatus, windowBoard } from './board.js';
import { callNext, callTicket, completeTicket, linkCase, recallTicket, skipTicket, transferTicket } from './calls.js';
import { checkInAtKiosk, takeTicket } from './kiosk.js';
import { ZCalled, ZHallDisplay, ZKioskPriority, ZQueueStats, ZQueueStatsBy, ZQueueStep, ZTicketReceipt, ZTicketStatus, ZTicketStepped, ZWindowBoard } from './schema.js';
import { queueStats, statsCentre } from './stats.js';
import { ZId } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const ZCentre = z.object({ centreId: ZId });
const ZTicketId = z.object({ id: ZId });
const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const ZIdentity = z.string().regex(/^\d{17}[\dX]$/, '身份证号格式不正确');

/** 排队叫号: the ticket kiosk, the clerk's calling bar, the hall display and the statistics. */
export const queueRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  // The kiosk stands in the hall without a login: limit what one address can print.
  const kioskLimit = { rateLimit: { max: 60, timeWindow: '1 minute' } };

  app.post(
    '/api/public/queue/:centreId/tickets',
    {
      config: kioskLimit,
      schema: {
        tags: ['queue'],
        summary: '取号 (ticket kiosk; priority for the elderly — read from the ID card —, the disabled and green-channel projects)',
        params: ZCentre,
        body: z.object({
          categoryId: z.number().int().positive(),
          priority: ZKioskPriority.optional(),
          identityNumber: ZIdentity.optional(),
          projectCode: z.string().trim().regex(/^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/, '项目代码格式为 YYYY-DDDDDD-II-TT-NNNNNN').optional().meta({ description: '绿色通道: the key project\'s code (required for green_channel)' }),
        }),
        response: { 201: ZTicketReceipt, ...errors },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return takeTicket(db, { centreId: request.params.centreId, ...request.body });
    },
  );

  app.post(
    '/api/public/queue/:centreId/check-in',
    {
      config: kioskLimit,
      schema: {
        tags: ['queue'],
        summary: '预约签到 at the kiosk (预约码 or ID card): a priority ticket, the number by SMS',
        params: ZCentre,
        body: z.object({ code: z.string().regex(/^\d{6}$/, '预约码为 6 位数字').optional(), identityNumber: ZIdentity.optional() }),
        response: { 201: ZTicketReceipt, ...errors },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return checkInAtKiosk(db, { centreId: request.params.centreId, ...request.body });
    },
  );

  app.get(
    '/api/public/queue/tickets/:id',
    {
      config: kioskLimit,
      schema: { tags: ['queue'], summary: "排队号 on the visitor's phone (token from the ticket's QR)", params: ZTicketId, querystring: z.object({ t: z.string().min(8).max(64) }), response: { 200: ZTicketStatus, ...errors } },
    },
    async (request) => ticketStatus(db, request.params.id, request.query.t),
  );

  app.get(
    '/api/public/queue/:centreId/display',
    {
      schema: {
        tags: ['queue'],
        summary: '叫号屏 (public: numbers and windows only); live through /api/public/screen/:centreId/events',
        params: ZCentre,
        response: { 200: ZHallDisplay, ...errors },
      },
    },
    async (request) => hallDisplay(db, request.params.centreId),
  );

  app.get(
    '/api/queue/window',
    { preHandler: requireRole('clerk'), schema: { tags: ['queue'], summary: '叫号条: 本窗口的类别、当前号、等候和已办', response: { 200: ZWindowBoard, ...errors } } },
    async (request) => windowBoard(db, requireActor(request)),
  );

  app.post(
    '/api/queue/call-next',
    { preHandler: requireRole('clerk'), schema: { tags: ['queue'], summary: '叫号: next in line for this window (null when nobody waits)', response: { 200: ZCalled, ...errors } } },
    async (request) => ({ ticket: await callNext(db, requireActor(request)) }),
  );

  app.post(
    '/api/queue/tickets/:id/:step',
    {
      preHandler: requireRole('clerk'),
      schema: {
        tags: ['queue'],
        summary: '叫号 call · 重呼 recall · 过号 skip · 转窗 transfer · 完成 complete (opens the rating tablet) · link a case',
        params: ZTicketId.extend({ step: ZQueueStep }),
        body: z.object({ categoryId: z.number().int().positive().optional(), windowId: z.number().int().positive().optional(), caseId: z.uuid().optional() }).default({}),
        response: { 200: ZTicketStepped, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id, step } = request.params;
      const body = request.body;
      switch (step) {
        case 'call':
          return { ticket: await callTicket(db, actor, id) };
        case 'recall':
          return { ticket: await recallTicket(db, actor, id) };
        case 'skip':
          return { ticket: await skipTicket(db, actor, id) };
        case 'transfer':
          if (!body.categoryId) throw new AppError('VALIDATION_FAILED', '请选择转往的业务类别', [{ field: 'body.categoryId', message: '必填' }]);
          return { ticket: await transferTicket(db, actor, id, { categoryId: body.categoryId, windowId: body.windowId }) };
        case 'complete':
          return { ticket: await completeTicket(db, actor, id, { caseId: body.caseId }) };
        case 'link-case':
          if (!body.caseId) throw new AppError('VALIDATION_FAILED', '请选择办件', [{ field: 'body.caseId', message: '必填' }]);
          await linkCase(db, actor, id, body.caseId);
          return { ticket: null };
      }
    },
  );

  app.get(
    '/api/queue/stats',
    {
      preHandler: requireRole('admin', 'supervisor'),
      schema: {
        tags: ['queue'],
        summary: '排队统计: waiting (avg, p90, max) and service minutes, abandoned tickets, per category, window or hour',
        querystring: z.object({ from: ZDate, to: ZDate, by: ZQueueStatsBy.default('category'), centreId: ZId.optional() }),
        response: { 200: ZQueueStats, ...errors },
      },
    },
    async (request) => {
      const centreId = await statsCentre(db, requireActor(request), request.query.centreId);
      return { rows: await queueStats(db, { centreId, from: request.query.from, to: request.query.to, by: request.query.by }) };
    },
  );
};
