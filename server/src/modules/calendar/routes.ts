import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError } from '../../http/errors.js';
import { calendarFor } from './service.js';
import { toChinaDate } from './engine.js';
import { chinaDate } from '../../util/china-time.js';
import { queryInt } from '../../http/params.js';
import { ZDate, ZCalendarDays } from './schema.js';

/** Covers any real deadline; keeps a public endpoint from answering absurd ranges. */
const MAX_RANGE_DAYS = 3660;

/** Calendars are public information: no login. */
export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/calendar/deadline',
    {
      schema: {
        tags: ['calendar'],
        summary: '按工作日计算期限 (start day not counted; due = end of the N-th working day)',
        querystring: z.object({
          start: ZDate,
          workdays: queryInt(0, 2000),
          region: z.string().regex(/^\d{6}$/, '区划代码应为 6 位数字').optional(),
        }),
        response: { 200: z.object({ due: z.string(), provisional: z.boolean() }), 400: ZErrorResponse },
      },
    },
    async (request) => {
      const calendar = await calendarFor(db, request.query.region);
      return inRange(() => calendar.addWorkdays(request.query.start, request.query.workdays));
    },
  );

  app.get(
    '/api/calendar/days',
    {
      schema: {
        tags: ['calendar'],
        summary: '日历 (one entry per date, inclusive)',
        querystring: z.object({ from: ZDate, to: ZDate, region: z.string().regex(/^\d{6}$/).optional() }),
        response: {
          200: ZCalendarDays,
          400: ZErrorResponse,
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
      if (span < 0) throw new AppError('VALIDATION_FAILED', 'to 不能早于 from', [{ field: 'query.to', message: '不能早于 from' }]);
      if (span > MAX_RANGE_DAYS) {
        throw new AppError('VALIDATION_FAILED', `一次最多查询 ${MAX_RANGE_DAYS} 天`, [{ field: 'query.to', message: '范围过大' }]);
      }
      const calendar = await calendarFor(db, request.query.region);
      return inRange(() => calendar.days(from, to));
    },
  );

  const ZRegion = z.string().regex(/^\d{6}$/, '区划代码应为 6 位数字').optional();
  /** A date, or an instant (ISO 8601 with offset) taken as its China date. */
  const ZDay = z.union([ZDate, z.iso.datetime({ offset: true })]).transform((v) => (v.length === 10 ? v : toChinaDate(new Date(v))));

  app.get(
    '/api/calendar/elapsed',
    {
      schema: {
        tags: ['calendar'],
        summary: '两个时点之间经过的工作日 (working days after `from` up to and including `to`)',
        querystring: z.object({ from: ZDay, to: ZDay, region: ZRegion }),
        response: { 200: z.object({ workdays: z.number() }), 400: ZErrorResponse },
      },
    },
    async (request) => {
      const calendar = await calendarFor(db, request.query.region);
      return inRange(() => ({ workdays: calendar.workdaysBetween(request.query.from, request.query.to) }));
    },
  );

  app.get(
    '/api/calendar/remaining',
    {
      schema: {
        tags: ['calendar'],
        summary: '距期限剩余工作日 (0 on the due day, negative when overdue; today defaults to China today)',
        querystring: z.object({ due: ZDate, today: ZDate.optional(), region: ZRegion }),
        response: { 200: z.object({ workdays: z.number(), overdue: z.boolean() }), 400: ZErrorResponse },
      },
    },
    async (request) => {
      const calendar = await calendarFor(db, request.query.region);
      const today = request.query.today ?? chinaDate();
      return inRange(() => {
        const workdays = calendar.workdaysRemaining(today, request.query.due);
        return { workdays, overdue: today > request.query.due };
      });
    },
  );
};

/** Dates outside the calendar's years are a client error, not a crash. */
function inRange<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof RangeError) throw new AppError('VALIDATION_FAILED', error.message, [{ field: 'query', message: '日期超出日历范围（2000–2100 年）' }]);
    throw error;
  }
}
