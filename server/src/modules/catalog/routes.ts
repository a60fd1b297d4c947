import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZErrorResponse } from '../../http/error-schema.js';
import { notFound } from '../../http/errors.js';
import { findApplicableItem, listPublishedItems } from './repo.js';

export const ZFormField = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(['text', 'textarea', 'number', 'date', 'select', 'phone']),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
  maxLength: z.number().optional(),
});

export const ZServiceItem = z
  .object({
    id: z.number(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(['immediate', 'promised']).meta({ description: 'immediate = 即办件, promised = 承诺件' }),
    legalLimitDays: z.number().nullable().meta({ description: '法定时限 (working days)' }),
    promisedLimitDays: z.number().meta({ description: '承诺时限 (working days)' }),
    description: z.string(),
    departmentId: z.number(),
    departmentName: z.string(),
    formFields: z.array(ZFormField),
  })
  .meta({ id: 'ServiceItem' });

type ItemRow = NonNullable<Awaited<ReturnType<typeof findApplicableItem>>>;

export function toItemResponse(row: ItemRow): z.infer<typeof ZServiceItem> {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    legalLimitDays: row.legal_limit_days,
    promisedLimitDays: row.promised_limit_days,
    description: row.description,
    departmentId: row.department_id,
    departmentName: row.department_name,
    formFields: row.form_fields,
  };
}

/** The public side of the catalogue: anyone may read published items. */
export const catalogRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/catalog/items',
    {
      schema: {
        tags: ['catalog'],
        summary: '已发布的事项',
        querystring: z.object({
          departmentId: z.coerce.number().int().positive().optional(),
          q: z.string().trim().max(50).optional(),
        }),
        response: { 200: z.object({ items: z.array(ZServiceItem) }) },
      },
    },
    async (request) => ({ items: (await listPublishedItems(db, request.query)).map(toItemResponse) }),
  );

  app.get(
    '/api/catalog/items/:id',
    {
      schema: {
        tags: ['catalog'],
        summary: '事项详情',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: z.object({ item: ZServiceItem }), 404: ZErrorResponse },
      },
    },
    async (request) => {
      const item = await findApplicableItem(db, request.params.id);
      if (!item) throw notFound('事项');
      return { item: toItemResponse(item) };
    },
  );
};
