import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireLogin, requireRole } from '../../http/auth.js';
import { ZId } from '../../http/params.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { notFound } from '../../http/errors.js';
import { onCaseStep } from '../cases/hooks.js';
import { paymentsCsv, paymentsXlsx } from './export.js';
import { SimulatorGateway } from './gateway.js';
import { renderFeeNoticePdf } from './notice-pdf.js';
import { findCaseCentreName } from './repo.js';
import { ZCaseFee, ZExemptRequest, ZFeeRules, ZPaymentOutcome, ZPaymentStart, ZReconciliation, ZReconciliationQuery, ZSimulatedPayment, ZSimulatorConfirmRequest } from './schema.js';
import {
  applyNotification,
  exemptFee,
  getCaseFee,
  getFeeRules,
  getSimulatedPayment,
  issueFeeNotice,
  paymentsForExport,
  reconciliation,
  setFeeRules,
  startPayment,
  type GatewayRegistry,
} from './service.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const ZCaseParams = z.object({ id: z.uuid('办件编号格式不正确') });
const ZPaymentParams = z.object({ paymentId: z.uuid('支付订单号格式不正确') });

/** 收费: 缴款通知书 on acceptance, online payment through a gateway, 减免, and reconciliation by day. */
export const feeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const simulator = new SimulatorGateway();
  // Further gateways (a bank's, the province's 统一公共支付平台) register here under their name.
  const gateways: GatewayRegistry = new Map([[simulator.name, simulator]]);
  const defaultGateway = simulator.name;

  onCaseStep(db, 'fees.notice', ['accept', 'decide_on_spot'], async (database, step) => {
    await issueFeeNotice(database, step.caseId);
  }, (error, step) => app.log.error({ err: error, caseId: step.caseId }, 'fee notice failed'));

  app.get(
    '/api/cases/:id/fee',
    {
      preHandler: requireLogin,
      schema: { tags: ['fees'], summary: '办件的缴款通知书（无需缴费时为 null）', params: ZCaseParams, response: { 200: ZCaseFee, ...errors } },
    },
    async (request) => ({ notice: (await getCaseFee(db, requireActor(request), request.params.id)).notice }),
  );

  app.get(
    '/api/cases/:id/fee/notice.pdf',
    { preHandler: requireLogin, schema: { tags: ['fees'], summary: '缴款通知书 PDF', params: ZCaseParams } },
    async (request, reply) => {
      const { notice, payerName } = await getCaseFee(db, requireActor(request), request.params.id);
      if (!notice) throw notFound('缴款通知书');
      const centre = await findCaseCentreName(db, notice.caseId);
      const pdf = await renderFeeNoticePdf(notice, { payerName: payerName ?? '', centreName: centre.name, publicUrl: config.publicUrl });
      reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="fee-notice.pdf"; filename*=UTF-8''${encodeURIComponent(`缴款通知书-${notice.caseNumber}.pdf`)}`);
      return reply.send(pdf);
    },
  );

  app.post(
    '/api/cases/:id/fee/pay',
    {
      preHandler: requireRole('applicant'),
      schema: {
        tags: ['fees'],
        summary: '在线缴费：转到支付渠道',
        params: ZCaseParams,
        body: z.object({ gateway: z.string().max(40).optional() }).default({}),
        response: { 200: ZPaymentStart, ...errors },
      },
    },
    async (request) => startPayment(db, gateways, requireActor(request), request.params.id, request.body.gateway ?? defaultGateway),
  );

  app.post(
    '/api/cases/:id/fee/exempt',
    {
      preHandler: requireRole('clerk'),
      schema: { tags: ['fees'], summary: '费用减免（窗口，写明依据）', params: ZCaseParams, body: ZExemptRequest, response: { 200: ZCaseFee, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      await exemptFee(db, actor, request.params.id, request.body.reason);
      return { notice: (await getCaseFee(db, actor, request.params.id)).notice };
    },
  );

  const payLimit = { rateLimit: { max: 60, timeWindow: '1 minute' } };
  app.get(
    '/api/payments/simulator/:paymentId',
    { config: payLimit, schema: { tags: ['fees'], summary: '模拟支付页：订单信息', params: ZPaymentParams, response: { 200: ZSimulatedPayment, ...errors } } },
    async (request) => getSimulatedPayment(db, request.params.paymentId),
  );

  app.post(
    '/api/payments/simulator/:paymentId/confirm',
    {
      config: payLimit,
      schema: {
        tags: ['fees'],
        summary: '模拟支付页：确认支付或取消（模拟银行随后发出签名的支付结果通知）',
        params: ZPaymentParams,
        body: ZSimulatorConfirmRequest,
        response: { 200: ZPaymentOutcome, ...errors },
      },
    },
    async (request) => {
      const payment = await getSimulatedPayment(db, request.params.paymentId);
      const notification = simulator.notify(payment, request.body.result === 'paid' ? 'succeeded' : 'failed');
      return applyNotification(db, simulator, notification);
    },
  );

  app.post(
    '/api/payments/notify/:gateway',
    {
      config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
      schema: {
        tags: ['fees'],
        summary: '支付渠道的结果通知（回调，验签后记账）',
        params: z.object({ gateway: z.string().max(40) }),
        body: z.record(z.string(), z.unknown()),
        response: { 200: ZPaymentOutcome, ...errors },
      },
    },
    async (request) => {
      const gateway = gateways.get(request.params.gateway);
      if (!gateway) throw notFound('支付渠道');
      return applyNotification(db, gateway, request.body);
    },
  );

  app.get(
    '/api/catalog/items/:id/fee-rules',
    { schema: { tags: ['fees'], summary: '事项的收费规则（计费用）', params: z.object({ id: ZId }), response: { 200: ZFeeRules } } },
    async (request) => getFeeRules(db, request.params.id),
  );

  app.put(
    '/api/admin/items/:id/fee-rules',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['fees'], summary: '维护事项的收费规则（中心管理员）', params: z.object({ id: ZId }), body: ZFeeRules, response: { 200: ZFeeRules, ...errors } },
    },
    async (request) => {
      await setFeeRules(db, requireActor(request), request.params.id, request.body);
      return getFeeRules(db, request.params.id);
    },
  );

  app.get(
    '/api/fees/reconciliation',
    {
      preHandler: requireRole('admin', 'supervisor'),
      schema: { tags: ['fees'], summary: '收费对账：按日、部门、渠道汇总的实收金额', querystring: ZReconciliationQuery, response: { 200: ZReconciliation, ...errors } },
    },
    async (request) => reconciliation(db, requireActor(request), request.query.from, request.query.to),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/fees/payments.${format}`,
      { preHandler: requireRole('admin', 'supervisor'), schema: { tags: ['fees'], summary: `缴费明细导出（${format}）`, querystring: ZReconciliationQuery } },
      async (request, reply) => {
        const { from, to } = request.query;
        const rows = await paymentsForExport(db, requireActor(request), from, to);
        const name = `缴费明细-${from}至${to}.${format}`;
        reply.header('content-disposition', `attachment; filename="payments.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`);
        if (format === 'csv') return reply.header('content-type', 'text/csv; charset=utf-8').send(paymentsCsv(rows));
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .send(await paymentsXlsx(rows, `缴费明细 ${from} 至 ${to}`));
      },
    );
  }
};
