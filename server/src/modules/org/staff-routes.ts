import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError, notFound } from '../../http/errors.js';
import { writeAudit } from '../auth/repo.js';
import { ZBodyId, ZId } from '../../http/params.js';
import { ZAdminWindowList, ZAway, ZStaffList } from './schema.js';
import { findCentreUser, listCentreStaff, listCentreWindows, setStaffAway, setStaffBackup } from './repo.js';

/** AB角: staff mark themselves away; the administrator names each person's backup. */
export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.post(
    '/api/me/away',
    {
      preHandler: requireRole('clerk', 'reviewer'),
      schema: {
        tags: ['org'],
        summary: '外出/返岗 (while away, the backup works my queue)',
        body: ZAway,
        response: { 200: ZAway, 401: ZErrorResponse, 403: ZErrorResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await db.transaction().execute(async (trx) => {
        await setStaffAway(trx, actor.id, request.body.away);
        await writeAudit(trx, { actorId: actor.id, action: request.body.away ? 'staff.away' : 'staff.back', targetType: 'user', targetId: String(actor.id) });
      });
      return { away: request.body.away };
    },
  );

  app.get(
    '/api/admin/staff',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['org'], summary: '中心工作人员 (admin)', response: { 200: ZStaffList, 401: ZErrorResponse, 403: ZErrorResponse } },
    },
    async (request) => {
      const actor = requireActor(request);
      const rows = await listCentreStaff(db, actor.centreId);
      return {
        staff: rows.map((r) => ({
          id: r.id,
          displayName: r.display_name,
          role: r.role,
          departmentId: r.department_id,
          away: r.away,
          backupUserId: r.backup_user_id,
        })),
      };
    },
  );

  app.put(
    '/api/admin/staff/:id/backup',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['org'],
        summary: '设置 B 角 (same role, same department)',
        params: z.object({ id: ZId }),
        body: z.object({ backupUserId: ZBodyId.nullable() }),
        response: { 200: z.object({ ok: z.literal(true) }), 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { backupUserId } = request.body;
      const staff = (id: number) => findCentreUser(db, id, actor.centreId);
      const person = await staff(request.params.id);
      if (!person || !['clerk', 'reviewer'].includes(person.role)) throw notFound('工作人员');
      if (backupUserId !== null) {
        const backup = await staff(backupUserId);
        if (!backup || backup.id === person.id || backup.role !== person.role || backup.department_id !== person.department_id) {
          throw new AppError('VALIDATION_FAILED', 'B 角须为同一部门、同一岗位的其他工作人员', [{ field: 'body.backupUserId', message: '不符合 AB 角要求' }]);
        }
      }
      await db.transaction().execute(async (trx) => {
        await setStaffBackup(trx, person.id, backupUserId);
        await writeAudit(trx, { actorId: actor.id, action: 'staff.backup', targetType: 'user', targetId: String(person.id), detail: { backupUserId } });
      });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/admin/windows',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['org'],
        summary: '本中心窗口 (admin)',
        response: { 200: ZAdminWindowList, 401: ZErrorResponse, 403: ZErrorResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const rows = await listCentreWindows(db, actor.centreId ?? -1);
      return { windows: rows.map((w) => ({ id: w.id, number: w.number, name: w.name, kioskConfigured: w.kiosk_key_hash !== null })) };
    },
  );
};
