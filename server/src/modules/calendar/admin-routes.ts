import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError, notFound } from '../../http/errors.js';
import { writeAudit } from '../auth/repo.js';
import { recomputeProvisionalDeadlines, updateClockSettings } from '../cases/service.js';
import { loadClockSettings, ZClockSettings } from '../cases/clock-settings.js';
import { chinaDate } from '../../util/china-time.js';
import * as repo from './repo.js';
import { invalidateCalendars } from './service.js';
import { scheduleEntries, type OfficialSchedule } from './official-schedules.js';
import { timelineTransaction } from '../cases/signals.js';
import { queryInt } from '../../http/params.js';
import { ZCalendarStatus, ZDate, ZSchedule, ZScheduleSaved, type TSchedule } from './schema.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse };

/**
 * The checks a notice must pass before it governs every deadline: dates inside the year, ranges
 * the right way round, no day both off and worked, make-up days only on weekends.
 */
export function validateSchedule(year: number, input: TSchedule): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const offDays = new Map<string, string>();
  const inYear = (date: string) => date.startsWith(`${year}-`);
  input.holidays.forEach((holiday, i) => {
    const at = `body.holidays.${i}`;
    if (!inYear(holiday.from)) problems.push({ field: `${at}.from`, message: `应在 ${year} 年内` });
    if (!inYear(holiday.to)) problems.push({ field: `${at}.to`, message: `应在 ${year} 年内` });
    if (holiday.from > holiday.to) problems.push({ field: `${at}.to`, message: '结束日期不能早于开始日期' });
    else if (Date.parse(holiday.to) - Date.parse(holiday.from) > 15 * 86_400_000) problems.push({ field: `${at}.to`, message: '一个假期不超过 16 天' });
    else {
      for (let d = Date.parse(holiday.from); d <= Date.parse(holiday.to); d += 86_400_000) {
        const date = new Date(d).toISOString().slice(0, 10);
        if (offDays.has(date)) problems.push({ field: `${at}.from`, message: `${date} 已属于「${offDays.get(date)}」` });
        offDays.set(date, holiday.name);
      }
    }
  });
  input.holidays.forEach((holiday, i) => {
    holiday.makeupWorkdays.forEach((date, j) => {
      const field = `body.holidays.${i}.makeupWorkdays.${j}`;
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      if (!inYear(date)) problems.push({ field, message: `应在 ${year} 年内` });
      if (weekday !== 0 && weekday !== 6) problems.push({ field, message: `${date} 不是周末，无需调休上班` });
      if (offDays.has(date)) problems.push({ field, message: `${date} 同时是放假日` });
    });
  });
  return problems;
}

/** The administrator keeps the calendar: next year's notice, and the region's own closed days. */
export const calendarAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/admin/calendar',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['calendar'],
        summary: '节假日安排录入情况与提醒 (admin)',
        response: {
          200: ZCalendarStatus,
          ...errors,
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const years = await repo.listYears(db);
      const known = new Set(years.map((y) => y.year));
      const today = chinaDate();
      const thisYear = Number(today.slice(0, 4));
      const warnings: string[] = [];
      if (!known.has(thisYear)) warnings.push(`${thisYear} 年节假日安排尚未录入，期限按周一至周五暂定计算`);
      // The State Council publishes in November or December; from December on, next year is due.
      if (today.slice(5) >= '12-01' && !known.has(thisYear + 1)) {
        warnings.push(`明年（${thisYear + 1} 年）节假日安排尚未录入，跨年期限为暂定，请在国务院办公厅通知发布后及时录入`);
      }
      const regionCode = actor.regionCode;
      return {
        years: years.map((y) => ({ year: y.year, source: y.source, enteredAt: y.entered_at.toISOString(), enteredBy: y.entered_by_name })),
        regionCode,
        regionDays: regionCode ? await repo.listRegionDays(db, regionCode) : [],
        warnings,
      };
    },
  );

  app.put(
    '/api/admin/calendar/years/:year',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['calendar'],
        summary: '录入或更正某年国务院节假日安排 (admin); provisional deadlines are recomputed in the same transaction',
        params: z.object({ year: queryInt(2000, 2100) }),
        body: ZSchedule,
        response: { 200: ZScheduleSaved, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { year } = request.params;
      const problems = validateSchedule(year, request.body);
      if (problems.length) {
        throw new AppError('VALIDATION_FAILED', `${problems[0]!.field}: ${problems[0]!.message}`, problems);
      }
      const schedule: OfficialSchedule = { year, source: request.body.source, holidays: request.body.holidays };
      const recomputedCases = await timelineTransaction(db, async (trx) => {
        await repo.replaceNationalYear(trx, { year, source: schedule.source, entries: scheduleEntries([schedule]), enteredBy: actor.id });
        await repo.bumpVersion(trx);
        await writeAudit(trx, { actorId: actor.id, action: 'calendar.schedule', targetType: 'calendar_year', targetId: String(year), detail: { source: schedule.source } });
        return recomputeProvisionalDeadlines(trx);
      });
      invalidateCalendars();
      return { year, recomputedCases };
    },
  );

  app.put(
    '/api/admin/calendar/region-days/:date',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['calendar'],
        summary: '本地区不办公日 (local holiday, hall closed) for the administrator’s region',
        params: z.object({ date: ZDate }),
        body: z.object({ name: z.string().trim().min(1, '请填写原因').max(50) }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!actor.regionCode) throw notFound('区划');
      await db.transaction().execute(async (trx) => {
        await repo.upsertRegionDay(trx, { regionCode: actor.regionCode!, date: request.params.date, name: request.body.name, enteredBy: actor.id });
        await repo.bumpVersion(trx);
        await writeAudit(trx, { actorId: actor.id, action: 'calendar.region_day', targetType: 'calendar_day', targetId: `${actor.regionCode}:${request.params.date}`, detail: { name: request.body.name } });
      });
      invalidateCalendars();
      return { ok: true as const };
    },
  );

  app.delete(
    '/api/admin/calendar/region-days/:date',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['calendar'], summary: '删除本地区不办公日', params: z.object({ date: ZDate }), response: { 200: z.object({ ok: z.literal(true) }), ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      const removed = await db.transaction().execute(async (trx) => {
        const done = actor.regionCode ? await repo.deleteRegionDay(trx, actor.regionCode, request.params.date) : false;
        if (done) {
          await repo.bumpVersion(trx);
          await writeAudit(trx, { actorId: actor.id, action: 'calendar.region_day_removed', targetType: 'calendar_day', targetId: `${actor.regionCode}:${request.params.date}` });
        }
        return done;
      });
      if (!removed) throw notFound('不办公日');
      invalidateCalendars();
      return { ok: true as const };
    },
  );

  app.get(
    '/api/admin/settings/clock',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['calendar'], summary: '红黄灯预警设置', response: { 200: ZClockSettings, ...errors } },
    },
    async () => loadClockSettings(db),
  );

  app.put(
    '/api/admin/settings/clock',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['calendar'],
        summary: '修改预警设置 (running cases get their new warning date)',
        body: ZClockSettings,
        response: { 200: ZClockSettings.extend({ updatedCases: z.number() }), ...errors },
      },
    },
    async (request) => {
      const updatedCases = await updateClockSettings(db, requireActor(request), request.body);
      return { ...request.body, updatedCases };
    },
  );
};
