import crypto from 'node:crypto';
import type { Database } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { now as clockNow } from '../../util/clock.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { recordOnTimeline } from '../cases/index.js';
import { timelineTransaction } from '../cases/signals.js';
import { enqueueNotification } from '../notifications/repo.js';
import { capitalYuan, computeFee, yuan } from './compute.js';
import type { PaymentGateway } from './gateway.js';
import * as repo from './repo.js';
import type { TFeeNotice, TFeeRules, TReconciliation, TSimulatedPayment } from './schema.js';

/** The gateways a notice can be paid through, by name (configuration picks the default). */
export type GatewayRegistry = Map<string, PaymentGateway>;

/** 缴款码: 20 digits, the division code, the day and a random tail (unique by constraint). */
function newPaymentCode(regionCode: string, day: string): string {
  return `${regionCode}${day.slice(2).replaceAll('-', '')}${crypto.randomInt(0, 100_000_000).toString().padStart(8, '0')}`;
}

/**
 * 开具缴款通知书 when a case is accepted (or decided on the spot): the amount from the item's fee
 * rules and the application's form; the case then owes it (出件 waits). Nothing happens for an
 * item without rules or a case that owes nothing. Safe to run twice (one notice per case).
 */
export async function issueFeeNotice(db: Database, caseId: string): Promise<boolean> {
  return timelineTransaction(db, async (trx) => {
    const current = await repo.lockCase(trx, caseId);
    if (!current) return false;
    const rules = await repo.findRules(trx, current.item_id);
    if (!rules) return false;
    const { lines, totalFen } = computeFee(rules, current.form_data);
    if (totalFen === 0) return false;
    const id = crypto.randomUUID();
    const issuedAt = clockNow();
    const inserted = await repo.insertNotice(trx, {
      id,
      caseId,
      number: `缴${current.number}`,
      paymentCode: newPaymentCode(current.region_code, chinaDate(issuedAt)),
      amountFen: totalFen,
      lines,
      departmentId: current.department_id,
      centreId: current.centre_id,
      regionCode: current.region_code,
      issuedAt,
    });
    if (!inserted) return false;
    await recordOnTimeline(trx, current, { action: 'fee_notice', data: { noticeId: id, amountFen: totalFen }, patch: { fee_due: true } });
    await enqueueNotification(trx, {
      userId: current.applicant_id,
      caseId,
      kind: 'fee_notice',
      title: '缴费通知',
      body: `办件 ${current.number} 需缴纳费用 ¥${yuan(totalFen)}，请在“我的办件”中在线缴费或持缴款通知书到银行缴纳。`,
      sms: true,
    });
    return true;
  });
}

const GATEWAY_LABELS: Record<string, string> = { simulator: '模拟支付（演示）' };

function toNotice(row: NonNullable<Awaited<ReturnType<typeof repo.findNoticeOfCase>>>, actor: Actor, applicantId: number): TFeeNotice {
  const unpaid = row.status === 'unpaid';
  return {
    id: row.id,
    caseId: row.case_id,
    caseNumber: row.case_number,
    number: row.number,
    paymentCode: row.payment_code,
    itemName: row.item_name,
    departmentName: row.department_name,
    amountFen: row.amount_fen,
    amountText: yuan(row.amount_fen),
    amountInWords: capitalYuan(row.amount_fen),
    lines: row.lines,
    status: row.status,
    issuedAt: row.issued_at.toISOString(),
    paidAt: row.paid_at?.toISOString() ?? null,
    gatewayLabel: row.gateway ? (GATEWAY_LABELS[row.gateway] ?? row.gateway) : null,
    exemptedAt: row.exempted_at?.toISOString() ?? null,
    exemptReason: row.exempt_reason,
    canPay: unpaid && actor.id === applicantId,
    canExempt: unpaid && actor.role === 'clerk',
  };
}

/** The case's 缴款通知书, for whoever may see the case; null when it owes nothing. */
export async function getCaseFee(db: Database, actor: Actor, caseId: string): Promise<{ notice: TFeeNotice | null; payerName: string | null }> {
  const visible = await repo.findVisibleCase(db, caseId, actor);
  if (!visible) throw notFound('办件');
  const row = await repo.findNoticeOfCase(db, caseId);
  return { notice: row ? toNotice(row, actor, visible.applicant_id) : null, payerName: row?.payer_name ?? null };
}

/** 在线缴费: the applicant starts a payment; the browser goes to the gateway's page. */
export async function startPayment(db: Database, gateways: GatewayRegistry, actor: Actor, caseId: string, gatewayName: string): Promise<{ redirectUrl: string }> {
  const visible = await repo.findVisibleCase(db, caseId, actor);
  if (!visible) throw notFound('办件');
  if (visible.applicant_id !== actor.id) throw forbidden('只有申请人本人可以缴费');
  const gateway = gateways.get(gatewayName);
  if (!gateway) throw new AppError('VALIDATION_FAILED', '不支持的支付方式', [{ field: 'body.gateway', message: '不支持的支付方式' }]);
  const notice = await repo.findNoticeOfCase(db, caseId);
  if (!notice) throw notFound('缴款通知书');
  if (notice.status !== 'unpaid') throw invalidState(notice.status === 'paid' ? '该费用已缴纳，无需重复缴费' : '该费用已减免，无需缴费');
  const paymentId = crypto.randomUUID();
  await repo.insertPayment(db, { id: paymentId, noticeId: notice.id, gateway: gateway.name, amountFen: notice.amount_fen });
  return gateway.start({ paymentId, noticeNumber: notice.number, paymentCode: notice.payment_code, amountFen: notice.amount_fen });
}

/** The simulated bank's page: what is being paid. The payment id (random, 122 bits) is the only key. */
export async function getSimulatedPayment(db: Database, paymentId: string): Promise<TSimulatedPayment> {
  const row = await repo.findPayment(db, paymentId);
  if (!row || row.gateway !== 'simulator') throw notFound('支付订单');
  return {
    paymentId: row.id,
    status: row.status,
    amountFen: row.amount_fen,
    amountText: yuan(row.amount_fen),
    noticeNumber: row.notice_number,
    paymentCode: row.payment_code,
    itemName: row.item_name,
    payee: `${row.department_name}（非税收入）`,
    caseId: row.case_id,
  };
}

/**
 * A gateway's notification (its callback): verified by the gateway's own signature check, then in
 * one transaction the attempt is settled and, when paid, the notice is paid and the case's
 * timeline says so; the case no longer owes (出件 may go ahead). A repeated notification changes
 * nothing.
 */
export async function applyNotification(db: Database, gateway: PaymentGateway, body: unknown): Promise<{ status: 'succeeded' | 'failed'; caseId: string }> {
  const notification = gateway.verifyNotification(body);
  if (!notification) throw new AppError('FORBIDDEN', '支付通知验签失败');
  return timelineTransaction(db, async (trx) => {
    const payment = await repo.findPayment(trx, notification.paymentId);
    if (!payment || payment.gateway !== gateway.name) throw notFound('支付订单');
    if (payment.amount_fen !== notification.amountFen) throw new AppError('CONFLICT', '支付金额与缴款通知书不符');
    const settled = await repo.completePayment(trx, payment.id, notification.status, notification.gatewayTxn, clockNow());
    if (!settled || notification.status === 'failed') return { status: notification.status, caseId: payment.case_id };
    const notice = await repo.lockNotice(trx, payment.notice_id);
    // Paid twice (two attempts both confirmed): the second is recorded on its attempt for the refund, the notice stays as it is.
    if (!notice || notice.status !== 'unpaid') return { status: notification.status, caseId: payment.case_id };
    const paidAt = clockNow();
    await repo.markNoticePaid(trx, notice.id, { gateway: gateway.name, gatewayTxn: notification.gatewayTxn, at: paidAt });
    const current = (await repo.lockCase(trx, notice.case_id))!;
    await recordOnTimeline(trx, current, {
      action: 'fee_paid',
      data: { noticeId: notice.id, amountFen: notice.amount_fen, gateway: gateway.name, gatewayTxn: notification.gatewayTxn },
      patch: { fee_due: false },
    });
    return { status: notification.status, caseId: notice.case_id };
  });
}

/** 费用减免: the window clerk exempts the fee with its basis (低保, 特困 …); audited on the timeline. */
export async function exemptFee(db: Database, actor: Actor, caseId: string, reason: string): Promise<void> {
  if (actor.role !== 'clerk') throw forbidden('只有窗口工作人员可以办理费用减免');
  const visible = await repo.findVisibleCase(db, caseId, actor);
  if (!visible) throw notFound('办件');
  await timelineTransaction(db, async (trx) => {
    const notice = await repo.findNoticeOfCase(trx, caseId);
    if (!notice) throw notFound('缴款通知书');
    const locked = await repo.lockNotice(trx, notice.id);
    if (locked!.status !== 'unpaid') throw invalidState(locked!.status === 'paid' ? '该费用已缴纳，不能再减免' : '该费用已减免');
    await repo.markNoticeExempted(trx, notice.id, { by: actor.id, reason, at: clockNow() });
    const current = (await repo.lockCase(trx, caseId))!;
    await recordOnTimeline(trx, current, { action: 'fee_exempted', actor, note: reason, data: { noticeId: notice.id, amountFen: notice.amount_fen }, patch: { fee_due: false } });
  });
}

/** 收费标准 of an item: the administrator keeps the computable rules beside the guide's text. */
export async function setFeeRules(db: Database, actor: Actor, itemId: number, rules: TFeeRules): Promise<void> {
  if (actor.role !== 'admin') throw forbidden('只有中心管理员可以维护收费标准');
  await db.transaction().execute(async (trx) => {
    const item = await trx.selectFrom('service_items').select('id').where('id', '=', itemId).executeTakeFirst();
    if (!item) throw notFound('事项');
    await repo.saveRules(trx, itemId, rules.lines, actor.id);
    await writeAudit(trx, { actorId: actor.id, action: 'fees.rules', targetType: 'item', targetId: String(itemId), detail: { lines: rules.lines.length } });
  });
}

export async function getFeeRules(db: Database, itemId: number): Promise<TFeeRules> {
  return { lines: (await repo.findRules(db, itemId)) ?? [] };
}

/** Who reconciles which fees: an administrator their centre's, a supervisor their region's. */
function reconciliationScope(actor: Actor) {
  if (actor.role === 'admin' && actor.centreId) return { centreId: actor.centreId, regionCode: null };
  if (actor.role === 'supervisor' && actor.regionCode) return { centreId: null, regionCode: actor.regionCode };
  throw forbidden('只有中心管理员和监察人员可以查看收费对账');
}

/** 收费日报 for reconciliation: per day, per department and channel, counts and amounts received. */
export async function reconciliation(db: Database, actor: Actor, from: string, to: string): Promise<TReconciliation> {
  const rows = await repo.dailyTotals(db, reconciliationScope(actor), from, to);
  const days = new Map<string, TReconciliation['days'][number]>();
  for (const row of rows) {
    const day = days.get(row.day) ?? { day: row.day, count: 0, amountFen: 0, departments: [] };
    const amountFen = Number(row.amount_fen);
    day.count += row.count;
    day.amountFen += amountFen;
    day.departments.push({ departmentName: row.department_name, gatewayLabel: GATEWAY_LABELS[row.gateway ?? ''] ?? row.gateway ?? '', count: row.count, amountFen });
    days.set(row.day, day);
  }
  const list = [...days.values()];
  return {
    from,
    to,
    days: list,
    total: { count: list.reduce((n, d) => n + d.count, 0), amountFen: list.reduce((n, d) => n + d.amountFen, 0) },
  };
}

/** Every payment of the period, for the export (one row each). */
export async function paymentsForExport(db: Database, actor: Actor, from: string, to: string) {
  const rows = await repo.paymentsIn(db, reconciliationScope(actor), from, to);
  return rows.map((r) => ({
    paidAt: r.paid_at!,
    caseNumber: r.case_number,
    itemName: r.item_name,
    departmentName: r.department_name,
    noticeNumber: r.number,
    paymentCode: r.payment_code,
    amount: yuan(r.amount_fen),
    gateway: GATEWAY_LABELS[r.gateway ?? ''] ?? r.gateway ?? '',
    gatewayTxn: r.gateway_txn ?? '',
  }));
}
