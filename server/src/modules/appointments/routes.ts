import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { ZAppointment, ZDayBookings, ZGenerateSlots, ZHallSettings, ZMyAppointments, ZSlot, ZSlotList, ZSlotsGenerated } from './schema.js';
import {
  bookAppointment,
  bookingsOfDay,
  bookingStanding,
  cancelAppointment,
  changeAppointment,
  generateSlots,
  listSlots,
  myAppointments,
  setSlotCapacity,
} from './service.js';
import { loadHallSettings, saveHallSettings } from './settings.js';
import { ZId as ZIdValue } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const ZId = z.object({ id: ZIdValue });
const ZRange = z.object({ categoryId: ZIdValue, from: ZDate, to: ZDate });

/** 预约: slots published by the centre, booked, changed and cancelled by applicants. */
export const appointmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/appointments/slots',
    { schema: { tags: ['appointments'], summary: '可预约时段 (public)', querystring: ZRange, response: { 200: ZSlotList, ...errors } } },
    async (request) => ({ slots: await listSlots(db, { ...request.query, upcomingOnly: true }) }),
  );

  app.get(
    '/api/appointments/mine',
    {
      preHandler: requireRole('applicant'),
      schema: { tags: ['appointments'], summary: '我的预约，及是否因爽约暂停预约', response: { 200: ZMyAppointments, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      return { appointments: await myAppointments(db, actor), standing: await bookingStanding(db, actor.id) };
    },
  );

  app.post(
    '/api/appointments',
    {
      preHandler: requireRole('applicant'),
      schema: {
        tags: ['appointments'],
        summary: '预约 (real-name; one active booking per item; CONFLICT when the slot is full)',
        body: z.object({ slotId: z.number().int().positive(), itemId: z.number().int().positive() }),
        response: { 201: ZAppointment, ...errors },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return bookAppointment({ db, actor: requireActor(request), ...request.body });
    },
  );

  app.post(
    '/api/appointments/:id/change',
    {
      preHandler: requireRole('applicant'),
      schema: { tags: ['appointments'], summary: '改约', params: ZId, body: z.object({ slotId: z.number().int().positive() }), response: { 200: ZAppointment, ...errors } },
    },
    async (request) => changeAppointment({ db, actor: requireActor(request), id: request.params.id, slotId: request.body.slotId }),
  );

  app.post(
    '/api/appointments/:id/cancel',
    { preHandler: requireRole('applicant'), schema: { tags: ['appointments'], summary: '取消预约', params: ZId, response: { 200: ZAppointment, ...errors } } },
    async (request) => cancelAppointment({ db, actor: requireActor(request), id: request.params.id }),
  );

  app.get(
    '/api/admin/appointments/slots',
    { preHandler: requireRole('admin'), schema: { tags: ['appointments'], summary: '预约时段（含已过、已满）', querystring: ZRange, response: { 200: ZSlotList, ...errors } } },
    async (request) => ({ slots: await listSlots(db, { ...request.query, upcomingOnly: false }) }),
  );

  app.post(
    '/api/admin/appointments/slots/generate',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['appointments'], summary: '按工作日历发布预约时段（午休、延时服务、365 周末）', body: ZGenerateSlots, response: { 201: ZSlotsGenerated, ...errors } },
    },
    async (request, reply) => {
      reply.status(201);
      return generateSlots({ db, actor: requireActor(request), input: request.body });
    },
  );

  app.put(
    '/api/admin/appointments/slots/:id',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['appointments'], summary: '调整时段容量（0 = 关闭）', params: ZId, body: z.object({ capacity: z.number().int().min(0).max(500) }), response: { 200: ZSlot, ...errors } },
    },
    async (request) => setSlotCapacity({ db, actor: requireActor(request), slotId: request.params.id, capacity: request.body.capacity }),
  );

  app.get(
    '/api/admin/appointments',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['appointments'],
        summary: '某日的预约（姓名脱敏）',
        querystring: z.object({ day: ZDate }),
        response: { 200: ZDayBookings, ...errors },
      },
    },
    async (request) => ({ appointments: await bookingsOfDay(db, requireActor(request), request.query.day) }),
  );

  app.get(
    '/api/admin/hall/settings',
    { preHandler: requireRole('admin'), schema: { tags: ['appointments'], summary: '大厅规则（爽约暂停、提醒、签到）', response: { 200: ZHallSettings, ...errors } } },
    async () => loadHallSettings(db),
  );

  app.put(
    '/api/admin/hall/settings',
    { preHandler: requireRole('admin'), schema: { tags: ['appointments'], summary: '修改大厅规则', body: ZHallSettings, response: { 200: ZHallSettings, ...errors } } },
    async (request) => {
      await saveHallSettings(db, requireActor(request), request.body);
      return loadHallSettings(db);
    },
  );
};
