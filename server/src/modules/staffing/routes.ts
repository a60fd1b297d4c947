import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { ZJoinStaffRequest, ZManagedCentre, ZMoveStaffRequest, ZStaffChange, ZUpdateWindowRequest, ZWindowContent } from './schema.js';
import * as service from './service.js';
import { ZId as ZIdValue } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const ZId = z.object({ id: ZIdValue });
const ZOk = z.object({ ok: z.literal(true) });
const ok = { ok: true as const };

/** 进驻动态管理 (admin): departments, windows and staff of the centres an administrator manages. */
export const staffingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const admin = requireRole('admin');

  app.get(
    '/api/admin/centres/:id/organisation',
    { preHandler: admin, schema: { tags: ['staffing'], summary: '网点的进驻部门、窗口、工作人员', params: ZId, response: { 200: ZManagedCentre, ...errors } } },
    async (request) => service.centreOverview(db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/admin/centres/:id/departments',
    {
      preHandler: admin,
      schema: { tags: ['staffing'], summary: '部门进驻', params: ZId, body: z.object({ departmentId: z.number().int().positive() }), response: { 200: ZOk, ...errors } },
    },
    async (request) => {
      await service.enterDepartment(db, requireActor(request), request.params.id, request.body.departmentId);
      return ok;
    },
  );

  app.delete(
    '/api/admin/centres/:id/departments/:departmentId',
    {
      preHandler: admin,
      schema: {
        tags: ['staffing'],
        summary: '部门撤出',
        params: z.object({ id: ZIdValue, departmentId: ZIdValue }),
        response: { 200: ZOk, ...errors },
      },
    },
    async (request) => {
      await service.leaveDepartment(db, requireActor(request), request.params.id, request.params.departmentId);
      return ok;
    },
  );

  app.post(
    '/api/admin/centres/:id/windows',
    { preHandler: admin, schema: { tags: ['staffing'], summary: '开设窗口', params: ZId, body: ZWindowContent, response: { 200: z.object({ id: z.number() }), ...errors } } },
    async (request) => service.createWindow(db, requireActor(request), request.params.id, request.body),
  );

  app.patch(
    '/api/admin/windows/:id',
    { preHandler: admin, schema: { tags: ['staffing'], summary: '修改/关闭窗口 (items served, name)', params: ZId, body: ZUpdateWindowRequest, response: { 200: ZOk, ...errors } } },
    async (request) => {
      await service.updateWindow(db, requireActor(request), request.params.id, request.body);
      return ok;
    },
  );

  app.post(
    '/api/admin/centres/:id/staff',
    { preHandler: admin, schema: { tags: ['staffing'], summary: '工作人员入驻', params: ZId, body: ZJoinStaffRequest, response: { 200: z.object({ id: z.number() }), ...errors } } },
    async (request) => service.joinStaff(db, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/admin/staff/:id/move',
    {
      preHandler: admin,
      schema: { tags: ['staffing'], summary: '工作人员调整 (open cases go to the AB partner when the department changes)', params: ZId, body: ZMoveStaffRequest, response: { 200: ZStaffChange, ...errors } },
    },
    async (request) => service.moveStaff(db, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/admin/staff/:id/leave',
    {
      preHandler: admin,
      schema: { tags: ['staffing'], summary: '工作人员离岗 (access ends at once; open cases reassigned)', params: ZId, response: { 200: ZStaffChange, ...errors } },
    },
    async (request) => service.removeStaff(db, requireActor(request), request.params.id),
  );

  app.put(
    '/api/admin/staff/:id/chief-representative',
    {
      preHandler: admin,
      schema: {
        tags: ['staffing'],
        summary: '首席代表及授权事项 (null ends it)',
        params: ZId,
        body: z.object({ itemIds: z.array(z.number().int().positive()).max(500).nullable() }),
        response: { 200: ZOk, ...errors },
      },
    },
    async (request) => {
      await service.setChiefRepresentative(db, requireActor(request), request.params.id, request.body.itemIds);
      return ok;
    },
  );

  app.put(
    '/api/admin/staff/:id/ab',
    {
      preHandler: admin,
      schema: { tags: ['staffing'], summary: 'AB角 in any managed centre', params: ZId, body: z.object({ backupUserId: z.number().int().positive().nullable() }), response: { 200: ZOk, ...errors } },
    },
    async (request) => {
      await service.setBackup(db, requireActor(request), request.params.id, request.body.backupUserId);
      return ok;
    },
  );
};
