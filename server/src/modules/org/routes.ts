import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZDepartmentDirectory } from './schema.js';
import { listDepartments } from './repo.js';

/** Public directory of the centre's departments (五公开: who serves). */
export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/api/org/departments',
    {
      schema: {
        tags: ['org'],
        summary: '部门列表',
        response: {
          200: ZDepartmentDirectory,
        },
      },
    },
    async () => {
      const rows = await listDepartments(db);
      return { departments: rows.map((r) => ({ id: r.id, name: r.name, creditCode: r.credit_code, phone: r.phone })) };
    },
  );
};
