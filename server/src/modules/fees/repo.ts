import { sql } from 'kysely';
import type { Actor } from '../auth/actor.js';
import { visibleCases } from '../cases/index.js';
import type { Executor } from '../../db/database.js';
import type { FeeNoticeLine, FeeRuleLine } from '../../db/schema.js';

export async function findRules(db: Executor, itemId: number): Promise<FeeRuleLine[] | null> {
  const row = await db.selectFrom('item_fee_rules').select('lines').where('item_id', '=', itemId).executeTakeFirst();
  return row?.lines ?? null;
}

export async function saveRules(db: Executor, itemId: number, lines: FeeRuleLine[], userId: number | null): Promise<void> {
  await db
    .insertInto('item_fee_rules')
    .values({ item_id: itemId, lines: JSON.stringify(lines), updated_by: userId })
    .onConflict((oc) => oc.column('item_id').doUpdateSet({ lines: JSON.stringify(lines), updated_by: userId, updated_at: sql`now()` }))
    .execute();
}

/** The case as the fee step needs it, locked: its timeline row goes in with the notice. */
export function lockCase(db: Executor, caseId: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', caseId).forUpdate().executeTakeFirst();
}

export function insertNotice(
  db: Executor,
  values: {
    id: string;
    caseId: string;
    number: string;
    paymentCode: string;
    amountFen: number;
    lines: FeeNoticeLine[];
    departmentId: number;
    centreId: number;
    regionCode: string;
    issuedAt: Date;
  },
) {
  return db
    .insertInto('fee_notices')
    .values({
      id: values.id,
      case_id: values.caseId,
      number: values.number,
      payment_code: values.paymentCode,
      amount_fen: values.amountFen,
      lines: JSON.stringify(values.lines),
      department_id: values.departmentId,
      centre_id: values.centreId,
      region_code: values.regionCode,
      issued_at: values.issuedAt,
    })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .returning('id')
    .executeTakeFirst();
}

const noticeColumns = [
  'fee_notices.id',
  'fee_notices.case_id',
  'fee_notices.number',
  'fee_notices.payment_code',
  'fee_notices.amount_fen',
  'fee_notices.lines',
  'fee_notices.status',
  'fee_notices.issued_at',
  'fee_notices.paid_at',
  'fee_notices.gateway',
  'fee_notices.gateway_txn',
  'fee_notices.exempted_at',
  'fee_notices.exempt_reason',
  'fee_notices.centre_id',
  'fee_notices.region_code',
  'fee_notices.department_id',
] as const;

export function findNoticeOfCase(db: Executor, caseId: string) {
  return db
    .selectFrom('fee_notices')
    .innerJoin('cases', 'cases.id', 'fee_notices.case_id')
    .innerJoin('service_items', 'service_items.id', 'cases.item_id')
    .innerJoin('departments', 'departments.id', 'fee_notices.department_id')
    .innerJoin('users as applicant', 'applicant.id', 'cases.applicant_id')
    .select([...noticeColumns, 'cases.number as case_number', 'service_items.name as item_name', 'departments.name as department_name', 'applicant.display_name as payer_name'])
    .where('fee_notices.case_id', '=', caseId)
    .executeTakeFirst();
}

export function lockNotice(db: Executor, noticeId: string) {
  return db.selectFrom('fee_notices').select(noticeColumns).where('id', '=', noticeId).forUpdate().executeTakeFirst();
}

export function insertPayment(db: Executor, values: { id: string; noticeId: string; gateway: string; amountFen: number }) {
  return db.insertInto('fee_payments').values({ id: values.id, notice_id: values.noticeId, gateway: values.gateway, amount_fen: values.amountFen }).execute();
}

/** A payment attempt with what the pay page shows (no names, no numbers of the payer). */
export function findPayment(db: Executor, paymentId: string) {
  return db
    .selectFrom('fee_payments')
    .innerJoin('fee_notices', 'fee_notices.id', 'fee_payments.notice_id')
    .innerJoin('cases', 'cases.id', 'fee_notices.case_id')
    .innerJoin('service_items', 'service_items.id', 'cases.item_id')
    .innerJoin('departments', 'departments.id', 'fee_notices.department_id')
    .select([
      'fee_payments.id',
      'fee_payments.status',
      'fee_payments.amount_fen',
      'fee_payments.gateway',
      'fee_payments.notice_id',
      'fee_notices.number as notice_number',
      'fee_notices.payment_code',
      'fee_notices.status as notice_status',
      'fee_notices.case_id',
      'service_items.name as item_name',
      'departments.name as department_name',
    ])
    .where('fee_payments.id', '=', paymentId)
    .executeTakeFirst();
}

export function completePayment(db: Executor, paymentId: string, status: 'succeeded' | 'failed', gatewayTxn: string, at: Date) {
  return db
    .updateTable('fee_payments')
    .set({ status, gateway_txn: gatewayTxn, completed_at: at })
    .where('id', '=', paymentId)
    .where('status', '=', 'pending')
    .returning(['notice_id', 'amount_fen', 'gateway'])
    .executeTakeFirst();
}

export function markNoticePaid(db: Executor, noticeId: string, values: { gateway: string; gatewayTxn: string; at: Date }) {
  return db
    .updateTable('fee_notices')
    .set({ status: 'paid', paid_at: values.at, gateway: values.gateway, gateway_txn: values.gatewayTxn })
    .where('id', '=', noticeId)
    .where('status', '=', 'unpaid')
    .execute();
}

export function markNoticeExempted(db: Executor, noticeId: string, values: { by: number; reason: string; at: Date }) {
  return db
    .updateTable('fee_notices')
    .set({ status: 'exempted', exempted_at: values.at, exempted_by: values.by, exempt_reason: values.reason })
    .where('id', '=', noticeId)
    .where('status', '=', 'unpaid')
    .execute();
}

/**
 * 对账: payments received per China day and department in the period, for the centres given
 * (null = every centre of the region).
 */
export function dailyTotals(db: Executor, scope: { centreId: number | null; regionCode: string | null }, from: string, to: string) {
  let query = db
    .selectFrom('fee_notices')
    .innerJoin('departments', 'departments.id', 'fee_notices.department_id')
    .select([
      sql<string>`to_char(fee_notices.paid_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`.as('day'),
      'departments.name as department_name',
      'fee_notices.gateway',
      sql<number>`count(*)::int`.as('count'),
      sql<number>`sum(fee_notices.amount_fen)::bigint`.as('amount_fen'),
    ])
    .where('fee_notices.status', '=', 'paid')
    .where(sql<boolean>`(fee_notices.paid_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${from}::date AND ${to}::date`)
    .groupBy([sql`1`, 'departments.name', 'fee_notices.gateway'])
    .orderBy(sql`1`, 'desc')
    .orderBy('departments.name');
  if (scope.centreId) query = query.where('fee_notices.centre_id', '=', scope.centreId);
  if (scope.regionCode) query = query.where('fee_notices.region_code', 'like', `${scope.regionCode.replace(/0+$/, '')}%`);
  return query.execute();
}

/** Every payment of the period, one row each, for the export a finance office reconciles line by line. */
export function paymentsIn(db: Executor, scope: { centreId: number | null; regionCode: string | null }, from: string, to: string) {
  let query = db
    .selectFrom('fee_notices')
    .innerJoin('cases', 'cases.id', 'fee_notices.case_id')
    .innerJoin('service_items', 'service_items.id', 'cases.item_id')
    .innerJoin('departments', 'departments.id', 'fee_notices.department_id')
    .select([
      'fee_notices.paid_at',
      'fee_notices.number',
      'fee_notices.payment_code',
      'fee_notices.amount_fen',
      'fee_notices.gateway',
      'fee_notices.gateway_txn',
      'cases.number as case_number',
      'service_items.name as item_name',
      'departments.name as department_name',
    ])
    .where('fee_notices.status', '=', 'paid')
    .where(sql<boolean>`(fee_notices.paid_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${from}::date AND ${to}::date`)
    .orderBy('fee_notices.paid_at');
  if (scope.centreId) query = query.where('fee_notices.centre_id', '=', scope.centreId);
  if (scope.regionCode) query = query.where('fee_notices.region_code', 'like', `${scope.regionCode.replace(/0+$/, '')}%`);
  return query.execute();
}

/** The case's id if the actor may see it (the cases module's visibility rule), else undefined. */
export function findVisibleCase(db: Executor, caseId: string, actor: Actor) {
  return db.selectFrom('cases').select(['id', 'applicant_id', 'status']).where('id', '=', caseId).where(visibleCases(actor)).executeTakeFirst();
}

/** The name of the centre handling a case, printed on its fee notice. */
export function findCaseCentreName(db: Executor, caseId: string) {
  return db.selectFrom('cases').innerJoin('centres', 'centres.id', 'cases.centre_id').select('centres.name').where('cases.id', '=', caseId).executeTakeFirstOrThrow();
}
