import crypto from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError } from '../../http/errors.js';
import { actionLabelFor, statusLabelFor } from '../cases/wording.js';
import { normaliseQueryCode } from '../cases/numbering.js';
import { findProgressByNumber } from './repo.js';
import { ZProgressAnswer } from './schema.js';

/** 办件进度查询: anyone holding the application number and its query code. */
export const progressRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  app.get(
    '/api/progress',
    {
      schema: {
        tags: ['progress'],
        summary: '办件进度查询 (no login; 404 for any wrong number/code pair)',
        querystring: z.object({
          number: z.string().trim().min(1, '请输入申请编号').max(40),
          code: z.string().trim().min(1, '请输入查询码').max(20),
        }),
        response: { 200: ZProgressAnswer, 400: ZErrorResponse, 404: ZErrorResponse, 429: ZErrorResponse },
      },
      // Guessing query codes is the attack here; a person needs a handful of lookups a minute.
      config: { rateLimit: { max: config.progressRateLimit, timeWindow: '1 minute' } },
    },
    async (request) => {
      const c = await findProgressByNumber(db, request.query.number);
      if (!c || !sameCode(c.query_code, normaliseQueryCode(request.query.code))) {
        throw new AppError('NOT_FOUND', '没有查到这个办件，请核对申请编号和查询码（在受理通知书或短信里）');
      }
      return {
        progress: {
          number: c.number,
          itemName: c.item_name,
          departmentName: c.department_name,
          status: c.status,
          statusLabel: statusLabelFor(c.status, c.item_type),
          submittedAt: c.submitted_at.toISOString(),
          dueDate: c.due_date,
          completedAt: c.completed_at?.toISOString() ?? null,
          steps: c.steps.map((e) => ({
            // Timestamps come through JSON here: normalised to the same ISO form as the others.
            at: new Date(e.at).toISOString(),
            action: e.action,
            label: actionLabelFor(e.action, {}, c.item_type),
            status: e.to_status,
            statusLabel: statusLabelFor(e.to_status, c.item_type),
          })),
        },
      };
    },
  );
};

function sameCode(stored: string, given: string): boolean {
  const a = Buffer.from(stored);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
