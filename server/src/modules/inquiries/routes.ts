import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireLogin, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError } from '../../http/errors.js';
import { advanceInquiry, itemFaq, listInquiries, submitInquiry } from './service.js';
import { ZBodyId, ZId } from '../../http/params.js';
import { ZInquiryList, ZInquiryReceipt } from './schema.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };

/** 咨询投诉 and the FAQ they grow into. */
export const inquiryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.post(
    '/api/inquiries',
    {
      preHandler: requireRole('applicant', 'clerk'),
      schema: {
        tags: ['inquiries'],
        summary: '提交咨询或投诉 (online by an applicant; a clerk logs a phone call with the caller’s contact)',
        body: z.object({
          kind: z.enum(['consultation', 'complaint']),
          itemId: ZBodyId.optional(),
          departmentId: ZBodyId.optional(),
          subject: z.string().trim().min(2, '请填写主题').max(100),
          content: z.string().trim().min(2, '请填写内容').max(2000),
          contact: z.object({ name: z.string().trim().min(1).max(50), phone: z.string().regex(/^1[3-9]\d{9}$/, '应为 11 位手机号') }).optional(),
        }),
        response: { 201: ZInquiryReceipt, ...errors },
      },
    },
    async (request, reply) => {
      if (!request.body.itemId && !request.body.departmentId) {
        throw new AppError('VALIDATION_FAILED', '请选择事项或部门', [{ field: 'body.itemId', message: '事项或部门至少选一项' }]);
      }
      reply.status(201);
      return submitInquiry({ db, actor: requireActor(request), ...request.body });
    },
  );

  app.get(
    '/api/inquiries',
    { preHandler: requireLogin,
      schema: {
        tags: ['inquiries'],
        summary: '咨询投诉列表 (own / department / region)',
        response: {
          200: ZInquiryList,
          ...errors,
        },
      },
    },
    async (request) => ({ inquiries: await listInquiries(db, requireActor(request)) }),
  );

  app.post(
    '/api/inquiries/:id/:step',
    {
      schema: {
        tags: ['inquiries'],
        summary: 'reply (department), callback (clerk/supervisor), rate (asker), publish as FAQ (admin)',
        params: z.object({ id: ZId, step: z.enum(['reply', 'callback', 'rate', 'publish']) }),
        body: z.object({ text: z.string().trim().max(2000).optional(), level: z.number().int().min(1).max(5).optional() }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      const { step } = request.params;
      if ((step === 'reply' || step === 'callback') && (request.body.text ?? '').length < 2) {
        throw new AppError('VALIDATION_FAILED', '请填写内容', [{ field: 'body.text', message: '请填写内容' }]);
      }
      if (step === 'rate' && !request.body.level) throw new AppError('VALIDATION_FAILED', '请选择满意度', [{ field: 'body.level', message: '请选择满意度' }]);
      await advanceInquiry({ db, actor: requireActor(request), id: request.params.id, step, ...request.body });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/catalog/items/:id/faq',
    {
      schema: {
        tags: ['inquiries'],
        summary: '事项常见问题 (public)',
        params: z.object({ id: ZId }),
        response: { 200: z.object({ faq: z.array(z.object({ question: z.string(), detail: z.string(), answer: z.string(), answeredAt: z.string().nullable() })) }) },
      },
    },
    async (request) => ({ faq: await itemFaq(db, request.params.id) }),
  );
};
