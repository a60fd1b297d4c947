import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { answerAsOwner, handOver, ownedEnquiries, recordWindowEnquiry } from './first-asked.js';
import { ZId as ZIdValue } from '../../http/params.js';
import { ZInquiryReceipt, ZOwnedEnquiries } from './schema.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const ZId = z.object({ id: ZIdValue });

/** 首问负责制 on top of the inquiries: record, answer as owner, hand over, list what one owns. */
export const firstAskedRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const staff = requireRole('clerk', 'reviewer', 'admin');

  app.post(
    '/api/inquiries/first-asked',
    {
      preHandler: staff,
      schema: {
        tags: ['inquiries'],
        summary: '首问登记: the first person asked records the enquiry and owns it',
        body: z.object({
          kind: z.enum(['consultation', 'complaint']).default('consultation'),
          subject: z.string().trim().min(2).max(100),
          content: z.string().trim().min(2).max(2000),
          contactName: z.string().trim().min(1).max(50),
          contactPhone: z.string().regex(/^1[3-9]\d{9}$/, '应为 11 位手机号').optional(),
          itemId: z.number().int().positive().optional(),
          departmentId: z.number().int().positive().optional(),
          aboutWindowId: z.number().int().positive().optional(),
          aboutUserId: z.number().int().positive().optional(),
        }),
        response: { 201: ZInquiryReceipt, ...errors },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return recordWindowEnquiry(db, requireActor(request), request.body);
    },
  );

  app.get(
    '/api/inquiries/first-asked/mine',
    {
      preHandler: staff,
      schema: {
        tags: ['inquiries'],
        summary: '我负责的首问事项',
        response: {
          200: ZOwnedEnquiries,
          ...errors,
        },
      },
    },
    async (request) => ({ enquiries: await ownedEnquiries(db, requireActor(request)) }),
  );

  app.post(
    '/api/inquiries/first-asked/:id/answer',
    { preHandler: staff, schema: { tags: ['inquiries'], summary: '首问负责人答复', params: ZId, body: z.object({ text: z.string().trim().min(2).max(2000) }), response: { 200: z.object({ ok: z.literal(true) }), ...errors } } },
    async (request) => {
      await answerAsOwner(db, requireActor(request), request.params.id, request.body.text);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/inquiries/first-asked/:id/hand-over',
    {
      preHandler: staff,
      schema: { tags: ['inquiries'], summary: '移交给同事（接收人成为负责人）', params: ZId, body: z.object({ toUserId: z.number().int().positive(), note: z.string().trim().max(500).default('') }), response: { 200: z.object({ ok: z.literal(true) }), ...errors } },
    },
    async (request) => {
      await handOver(db, requireActor(request), request.params.id, request.body.toUserId, request.body.note);
      return { ok: true as const };
    },
  );
};
