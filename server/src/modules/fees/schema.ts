import { z } from 'zod';

/** One line of an item's 收费标准, computable (amounts in fen). */
export const ZFeeRuleLine = z
  .object({
    name: z.string().trim().min(1, '请填写收费项目').max(100),
    kind: z.enum(['fixed', 'per_unit', 'by_option']),
    amountFen: z.number().int().min(0).max(100_000_000),
    field: z.string().max(64).optional(),
    options: z.record(z.string().max(100), z.number().int().min(0).max(100_000_000)).optional(),
    unit: z.string().max(10).optional(),
    basis: z.string().trim().max(300).default(''),
  })
  .refine((line) => line.kind === 'fixed' || Boolean(line.field), { message: '按数量或按选项计费须指定表单字段', path: ['field'] })
  .meta({ id: 'FeeRuleLine' });
export const ZFeeRules = z.object({ lines: z.array(ZFeeRuleLine).max(20) });
export type TFeeRules = z.infer<typeof ZFeeRules>;

export const ZFeeNoticeLine = z.object({ name: z.string(), quantity: z.number(), unitFen: z.number(), amountFen: z.number(), basis: z.string() });

/** 缴款通知书 as the case page shows it. */
export const ZFeeNotice = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    caseNumber: z.string(),
    number: z.string(),
    /** 缴款码: quoted at a bank counter or in a banking app to pay. */
    paymentCode: z.string(),
    itemName: z.string(),
    departmentName: z.string(),
    amountFen: z.number(),
    amountText: z.string().meta({ description: '¥ with two decimals' }),
    amountInWords: z.string().meta({ description: '大写金额' }),
    lines: z.array(ZFeeNoticeLine),
    status: z.enum(['unpaid', 'paid', 'exempted']),
    issuedAt: z.string(),
    paidAt: z.string().nullable(),
    gatewayLabel: z.string().nullable(),
    exemptedAt: z.string().nullable(),
    exemptReason: z.string().nullable(),
    /** The caller is the applicant and the fee is unpaid: the page offers 在线缴费. */
    canPay: z.boolean(),
    /** The caller is a clerk of the case's centre and the fee is unpaid: the page offers 减免. */
    canExempt: z.boolean(),
  })
  .meta({ id: 'FeeNotice' });
export type TFeeNotice = z.infer<typeof ZFeeNotice>;
/** The case's 缴款通知书; null when there is nothing to pay. */
export const ZCaseFee = z.object({ notice: ZFeeNotice.nullable() });
export type TCaseFee = z.infer<typeof ZCaseFee>;
export const ZPaymentStart = z.object({ redirectUrl: z.string() });
export type TPaymentStart = z.infer<typeof ZPaymentStart>;

export const ZExemptRequest = z.object({ reason: z.string().trim().min(2, '请填写减免依据').max(200, '减免依据不超过 200 字') });

/** The simulated bank's page: what is being paid (no names or numbers of the payer). */
export const ZSimulatedPayment = z
  .object({
    paymentId: z.uuid(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    amountFen: z.number(),
    amountText: z.string(),
    noticeNumber: z.string(),
    paymentCode: z.string(),
    itemName: z.string(),
    payee: z.string(),
    caseId: z.uuid(),
  })
  .meta({ id: 'SimulatedPayment' });
export type TSimulatedPayment = z.infer<typeof ZSimulatedPayment>;
export const ZSimulatorConfirmRequest = z.object({ result: z.enum(['paid', 'cancelled']) });
export type TSimulatorConfirmRequest = z.infer<typeof ZSimulatorConfirmRequest>;
/** How a payment ended, as the simulator and the gateways' notifications answer it. */
export const ZPaymentOutcome = z.object({ status: z.enum(['succeeded', 'failed']), caseId: z.uuid() });
export type TPaymentOutcome = z.infer<typeof ZPaymentOutcome>;

export const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const ZReconciliationQuery = z.object({ from: ZDay, to: ZDay }).refine((q) => q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['from'] });

export const ZReconciliation = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.array(
      z.object({
        day: z.string(),
        count: z.number(),
        amountFen: z.number(),
        departments: z.array(z.object({ departmentName: z.string(), gatewayLabel: z.string(), count: z.number(), amountFen: z.number() })),
      }),
    ),
    total: z.object({ count: z.number(), amountFen: z.number() }),
  })
  .meta({ id: 'FeeReconciliation' });
export type TReconciliation = z.infer<typeof ZReconciliation>;
