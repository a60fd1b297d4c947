import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { hallStaffing, dutyRoster, myAttendance, setDutyHead, signIn, signOut } from './attendance.js';
import { decideFinding, explainFinding, exposureBoard, findingPhoto, listFindings, listRules, recordFinding, saveRule } from './findings.js';
import { ZAttendanceDays, ZDutyRoster, ZExposure, ZFinding, ZFindingInput, ZFindingList, ZHallStaffing, ZPeople, ZRuleInput, ZRuleList, ZSignOut } from './schema.js';
import { ZId as ZIdValue } from '../../http/params.js';
import { listCentrePeople } from './repo.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const ZId = z.object({ id: ZIdValue });
const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** 窗口纪律: rules, 巡查 findings and the 曝光台, attendance at the window, the 值班长 roster. */
export const disciplineRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const staff = requireRole('clerk', 'reviewer', 'admin', 'supervisor', 'inspector');

  app.get(
    '/api/discipline/people',
    {
      preHandler: requireRole('clerk', 'reviewer', 'admin', 'inspector'),
      schema: {
        tags: ['discipline'],
        summary: '本中心工作人员（巡查对象、首问移交对象）',
        response: { 200: ZPeople, ...errors },
      },
    },
    async (request) => {
      const rows = await listCentrePeople(db, requireActor(request).centreId ?? -1);
      return { people: rows.map((r) => ({ id: r.id, name: r.display_name, role: r.role, windowId: r.window_id })) };
    },
  );

  app.get(
    '/api/discipline/rules',
    { preHandler: requireRole('admin', 'inspector'), schema: { tags: ['discipline'], summary: '纪律规定', response: { 200: ZRuleList, ...errors } } },
    async (request) => ({ rules: await listRules(db, requireActor(request).centreId ?? -1) }),
  );

  app.post(
    '/api/discipline/rules',
    { preHandler: requireRole('admin'), schema: { tags: ['discipline'], summary: '新增纪律规定', body: ZRuleInput, response: { 201: z.object({ id: z.number() }), ...errors } } },
    async (request, reply) => {
      reply.status(201);
      return saveRule(db, requireActor(request), request.body);
    },
  );

  app.put(
    '/api/discipline/rules/:id',
    { preHandler: requireRole('admin'), schema: { tags: ['discipline'], summary: '修改纪律规定', params: ZId, body: ZRuleInput, response: { 200: z.object({ id: z.number() }), ...errors } } },
    async (request) => saveRule(db, requireActor(request), request.body, request.params.id),
  );

  app.post(
    '/api/discipline/findings',
    {
      // Only the inspector's role records findings; the service checks it again.
      preHandler: requireRole('inspector'),
      schema: { tags: ['discipline'], summary: '登记巡查发现 (inspector only)', body: ZFindingInput, response: { 201: z.object({ id: z.number() }), ...errors } },
    },
    async (request, reply) => {
      reply.status(201);
      return recordFinding(db, requireActor(request), request.body);
    },
  );

  app.get(
    '/api/discipline/findings',
    { preHandler: staff, schema: { tags: ['discipline'], summary: '巡查记录 (the centre’s for inspectors and the administrator; one’s own otherwise)', response: { 200: ZFindingList, ...errors } } },
    async (request) => ({ findings: await listFindings(db, requireActor(request)) }),
  );

  app.post(
    '/api/discipline/findings/:id/explain',
    { preHandler: staff, schema: { tags: ['discipline'], summary: '被巡查人说明', params: ZId, body: z.object({ explanation: z.string().trim().min(2).max(1000) }), response: { 200: ZFinding, ...errors } } },
    async (request) => explainFinding(db, requireActor(request), request.params.id, request.body.explanation),
  );

  app.post(
    '/api/discipline/findings/:id/decide',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['discipline'], summary: '认定或撤销 (admin): confirmed findings go to the 曝光台', params: ZId, body: z.object({ decision: z.enum(['confirm', 'dismiss']), note: z.string().trim().max(500).optional() }), response: { 200: ZFinding, ...errors } },
    },
    async (request) => decideFinding(db, requireActor(request), request.params.id, request.body.decision, request.body.note),
  );

  app.get(
    '/api/discipline/findings/:id/photo',
    { preHandler: staff, schema: { tags: ['discipline'], summary: '巡查照片', params: ZId } },
    async (request, reply) => {
      const { photo, type } = await findingPhoto(db, requireActor(request), request.params.id);
      return reply.header('content-type', type).header('cache-control', 'private, max-age=300').send(photo);
    },
  );

  app.get(
    '/api/public/exposure/:centreId',
    { schema: { tags: ['discipline'], summary: '曝光台 (public; names as the centre decides)', params: z.object({ centreId: ZIdValue }), response: { 200: ZExposure, ...errors } } },
    async (request) => exposureBoard(db, request.params.centreId),
  );

  app.post(
    '/api/attendance/sign-in',
    { preHandler: requireRole('clerk'), schema: { tags: ['discipline'], summary: '窗口签到', response: { 201: z.object({ signedInAt: z.string() }), ...errors } } },
    async (request, reply) => {
      reply.status(201);
      return signIn(db, requireActor(request));
    },
  );

  app.post(
    '/api/attendance/sign-out',
    { preHandler: requireRole('clerk'), schema: { tags: ['discipline'], summary: '窗口签退 (flagged when people wait for the window’s categories)', response: { 200: ZSignOut, ...errors } } },
    async (request) => signOut(db, requireActor(request)),
  );

  app.get(
    '/api/attendance/mine',
    {
      preHandler: requireRole('clerk'),
      schema: { tags: ['discipline'], summary: '我的考勤', response: { 200: ZAttendanceDays, ...errors } },
    },
    async (request) => ({ days: await myAttendance(db, requireActor(request)) }),
  );

  app.get(
    '/api/discipline/staffing',
    {
      preHandler: requireRole('admin', 'inspector'),
      schema: {
        tags: ['discipline'],
        summary: '在岗情况: who is at each window, unstaffed windows with people waiting, today’s flags',
        response: {
          200: ZHallStaffing,
          ...errors,
        },
      },
    },
    async (request) => hallStaffing(db, requireActor(request)),
  );

  app.get(
    '/api/discipline/roster',
    {
      preHandler: staff,
      schema: {
        tags: ['discipline'],
        summary: '值班长排班',
        querystring: z.object({ from: ZDate, to: ZDate }),
        response: { 200: ZDutyRoster, ...errors },
      },
    },
    async (request) => ({ roster: await dutyRoster(db, requireActor(request).centreId ?? -1, request.query.from, request.query.to) }),
  );

  app.put(
    '/api/discipline/roster',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['discipline'], summary: '设置某日某楼层的值班长', body: z.object({ day: ZDate, floor: z.string().trim().min(1).max(20), userId: z.number().int().positive() }), response: { 200: z.object({ ok: z.literal(true) }), ...errors } },
    },
    async (request) => {
      await setDutyHead(db, requireActor(request), request.body);
      return { ok: true as const };
    },
  );
};
