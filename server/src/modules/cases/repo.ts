import { sql, type ExpressionBuilder, type Insertable, type QueryCreator, type RawBuilder, type Selectable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Executor } from '../../db/database.js';
import { fixedQuery, runPrepared, shapedQuery } from '../../db/prepared.js';
import type { ApplicantKind, ItemTypeCode, CaseEventTable, CaseStatus, CaseTable, DB, DeliveryPreference, ReviewChain } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { canonicalEvent, caseDigest, eventHash, type ChainedEvent } from './chain.js';
import { visibleCases } from './policy.js';

export type CaseRow = Selectable<CaseTable>;

type StepNotice = { kind: string; title: string; body: string; sms: boolean } | null;

/** An SMS's payload in the outbox: the notice's texts and the case they are about. */
function smsPayload(notice: StepNotice, caseId: string): string {
  return JSON.stringify({ title: notice?.title, body: notice?.body, caseId });
}

/**
 * A timeline row's values as typed SQL, for the statements that write a case and its row together;
 * the hash and the data may be SQL of the statement (a numbered step's, computed as it runs).
 */
function eventValues(event: ChainedEvent, prevHash: Buffer | null, hash: Buffer | RawBuilder<Buffer>, data: string | RawBuilder<string> = JSON.stringify(event.data)) {
  return [
    sql<number>`${event.seq}::int`.as('seq'),
    sql<Date>`${event.at}::timestamptz`.as('at'),
    sql<number>`${event.actor_id}::int`.as('actor_id'),
    sql<string>`${event.actor_role}::text`.as('actor_role'),
    sql<string>`${event.action}::text`.as('action'),
    sql<string>`${event.from_status}::text`.as('from_status'),
    sql<string>`${event.to_status}::text`.as('to_status'),
    sql<string>`${event.note}::text`.as('note'),
    sql<string>`${data}::jsonb`.as('data'),
    sql<Buffer | null>`${prevHash}::bytea`.as('prev_hash'),
    sql<Buffer>`${hash}::bytea`.as('hash'),
    sql<Buffer | null>`${event.case_digest ?? null}::bytea`.as('case_digest'),
  ];
}
export type CaseEventRow = Selectable<CaseEventTable>;
const EVENT_COLUMNS = ['case_id', 'seq', 'at', 'actor_id', 'actor_role', 'action', 'from_status', 'to_status', 'note', 'data', 'prev_hash', 'hash', 'case_digest'] as const;

/** Locks the case for a state change; a case the actor may not see is simply not found. */
export function lockVisibleCase(db: Executor, caseId: string, actor: Actor): Promise<CaseRow | undefined> {
  return db
    .selectFrom('cases')
    .selectAll()
    .where('id', '=', caseId)
    .where(visibleCases(actor))
    .forUpdate()
    .executeTakeFirst();
}

export function insertCase(
  db: Executor,
  values: Omit<Insertable<CaseTable>, 'form_data' | 'event_count'> & { form_data: Record<string, unknown> },
): Promise<CaseRow> {
  return db
    .insertInto('cases')
    .values({ ...values, form_data: JSON.stringify(values.form_data), event_count: 1 })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * A timeline row and the applicant's notice as a statement's named arguments (shapedQuery), as
 * the submission's and the step's statements both take them.
 */
type RowArgs = {
  event_seq: number;
  event_at: Date;
  event_actor_id: number | null;
  event_actor_role: string;
  event_action: string;
  event_from: string | null;
  event_to: string;
  event_note: string | null;
  event_data: string;
  event_digest: Buffer;
  notice_wanted: boolean;
  notice_kind: string;
  notice_title: string;
  notice_body: string;
  sms_wanted: boolean;
  sms_payload: string;
};

function rowArgs(event: ChainedEvent & { case_digest: Buffer }, notice: StepNotice): RowArgs {
  return {
    event_seq: event.seq,
    event_at: event.at,
    event_actor_id: event.actor_id,
    event_actor_role: event.actor_role,
    event_action: event.action,
    event_from: event.from_status,
    event_to: event.to_status,
    event_note: event.note,
    event_data: JSON.stringify(event.data),
    event_digest: event.case_digest,
    notice_wanted: notice !== null,
    notice_kind: notice?.kind ?? '',
    notice_title: notice?.title ?? '',
    notice_body: notice?.body ?? '',
    sms_wanted: notice?.sms === true,
    sms_payload: smsPayload(notice, event.case_id),
  };
}

const asText = (value: unknown) => sql<string>`${value}::text`;

/**
 * The applicant's notice of the row (kind, title, body) as typed SQL; `text` writes each text, so
 * a new case can put its number, known only inside the statement, in place of a placeholder.
 */
function noticeValues(a: RowArgs, text: (value: unknown) => RawBuilder<string>) {
  return [sql<string>`${a.notice_kind}::text`.as('kind'), text(a.notice_title).as('title'), text(a.notice_body).as('body')];
}

/** The same notice as an SMS in the outbox (template and JSON payload). */
function smsValues(a: RowArgs, text: (value: unknown) => RawBuilder<string>) {
  return [sql<string>`${a.notice_kind}::text`.as('template'), sql<string>`${text(a.sms_payload)}::jsonb`.as('payload')];
}

/** The row's arguments (slots while a template is built) in the shape eventValues reads. */
function eventOfArgs(a: RowArgs): ChainedEvent {
  return {
    seq: a.event_seq,
    at: a.event_at,
    actor_id: a.event_actor_id,
    actor_role: a.event_actor_role,
    action: a.event_action,
    from_status: a.event_from,
    to_status: a.event_to,
    note: a.event_note,
    case_digest: a.event_digest,
  } as unknown as ChainedEvent;
}

/**
 * Opens a case in one statement: claims the idempotency key (when given), takes the next
 * application number, inserts the case with it, its first timeline row and the applicant's notice
 * (whose texts carry the placeholder, replaced here by the number). Answers undefined, having
 * written nothing and taken no number, when the key was already claimed.
 *
 * Why one statement: one round trip, and run outside a transaction it commits inside the server as
 * soon as it ends. The number comes from a sequence (next_application_number, migration
 * 202612030501), which holds no lock until commit, so concurrent submissions do not wait for each
 * other.
 */
export async function insertNumberedCase(
  db: Executor,
  values: Omit<Insertable<CaseTable>, 'form_data' | 'event_count' | 'number'> & { id: string; form_data: Record<string, unknown> },
  numbering: { regionCode: string; day: string; placeholder: string },
  firstEvent: ChainedEvent,
  notice: { userId: number; kind: string; title: string; body: string; sms: boolean } | null,
  options: { claim?: { applicantId: number; key: string; requestHash: Buffer } } = {},
): Promise<OpenedCaseRow | undefined> {
  // The first row's hash covers the new case's decisive fields, and the case keeps it as its head.
  const event = { ...firstEvent, case_digest: caseDigest({ ...values, status: firstEvent.to_status }) };
  const hash = eventHash(null, event);
  const { form_data: formData, ...columns } = { ...values, timeline_head: hash };
  const { claim } = options;
  const args: NumberedCaseArgs = {
    ...Object.fromEntries(Object.entries(columns).map(([column, value]) => [`column:${column}`, value])),
    form_data: JSON.stringify(formData),
    number_region: numbering.regionCode,
    number_day: numbering.day,
    number_placeholder: numbering.placeholder,
    ...rowArgs(event, notice),
    event_hash: hash,
    ...(claim && { claim_applicant: claim.applicantId, claim_key: claim.key, claim_hash: claim.requestHash }),
  };
  const [created] = await numberedCaseStatement(db, args);
  return created as OpenedCaseRow | undefined;
}

/**
 * insertNumberedCase's values by name: the case's columns (`column:<name>`; which ones are given
 * shapes the statement), the numbering, the first timeline row, the notice and the claim.
 */
type NumberedCaseArgs = Record<`column:${string}`, unknown> &
  RowArgs & {
  form_data: string;
  number_region: string;
  number_day: string;
  number_placeholder: string;
  event_hash: Buffer;
  claim_applicant?: number;
  claim_key?: string;
  claim_hash?: Buffer;
};

/**
 * The submission's statement, built and compiled once per shape (with or without a claim, and the
 * case columns given): Kysely took 0.33 ms of Node CPU to build it on every submission.
 */
const numberedCaseStatement = shapedQuery('numbered_case', (db: Executor, a: NumberedCaseArgs) => {
  const columns = Object.keys(a)
    .filter((name) => name.startsWith('column:'))
    .map((name) => name.slice('column:'.length) as keyof CaseTable);
  const withNumber = (text: unknown) => sql<string>`replace(${text}::text, ${a.number_placeholder}::text, created.number)`;
  const event = eventOfArgs(a);
  return (
    db
      .with('claim', (qb) =>
        'claim_key' in a
          ? qb
              .insertInto('idempotency_keys')
              .values({ applicant_id: a.claim_applicant!, key: a.claim_key!, request_hash: a.claim_hash!, case_id: a['column:id'] as string })
              // A concurrent duplicate waits here until the first commits, then claims nothing.
              .onConflict((oc) => oc.doNothing())
              .returning(sql<boolean>`true`.as('claimed'))
          : qb.selectNoFrom(sql<boolean>`true`.as('claimed')),
      )
      // No claim, no number: a replay takes none.
      .with('seq', (qb) => qb.selectFrom('claim').select(sql<string>`next_application_number(${a.number_region}::text, ${a.number_day}::date)`.as('number')))
      .with('created', (qb) =>
        qb
          .insertInto('cases')
          .columns([...columns, 'form_data', 'event_count', 'number'])
          .expression((eb) =>
            eb
              .selectFrom('seq')
              .select([
                ...columns.map((column) => sql`${a[`column:${column}`]}`.as(column)),
                sql`${a.form_data}::jsonb`.as('form_data'),
                sql<number>`1`.as('event_count'),
                'seq.number',
              ]),
          )
          .returningAll(),
      )
      // The timeline row's foreign key is checked at the end of the statement, when the case exists.
      .with('first_event', (qb) =>
        qb
          .insertInto('case_events')
          .columns(EVENT_COLUMNS)
          .expression((eb) => eb.selectFrom('created').select(['created.id', ...eventValues(event, null, a.event_hash, a.event_data)]))
          .returning('id'),
      )
      .with('notice', (qb) =>
        qb
          .insertInto('notifications')
          .columns(['user_id', 'case_id', 'kind', 'title', 'body'])
          .expression((eb) =>
            eb
              .selectFrom('created')
              .select(['created.applicant_id', 'created.id', ...noticeValues(a, withNumber)])
              .where(sql<boolean>`${a.notice_wanted}::boolean`),
          )
          .returning('id'),
      )
      .with('sms', (qb) =>
        qb
          .insertInto('outbox')
          .columns(['channel', 'user_id', 'template', 'payload'])
          .expression((eb) =>
            eb
              .selectFrom('created')
              .select([sql<string>`'sms'`.as('channel'), 'created.applicant_id', ...smsValues(a, withNumber)])
              .where(sql<boolean>`${a.sms_wanted}::boolean`),
          )
          .returning('id'),
      )
      // The applicant's facts too, so the new case's detail needs no second query.
      .selectFrom('created')
      .innerJoin('users as applicant', 'applicant.id', 'created.applicant_id')
      .leftJoin('users as filer', 'filer.id', 'created.filed_by_id')
      .selectAll('created')
      .select([
        'applicant.display_name as applicant_name',
        'applicant.applicant_kind',
        'applicant.identity_number as applicant_identity_number',
        'applicant.phone as applicant_phone',
        'filer.display_name as filed_by_name',
      ])
  );
});

/** A case just written by insertNumberedCase, with what its detail says about the applicant. */
export type OpenedCaseRow = CaseRow & {
  applicant_name: string;
  applicant_kind: ApplicantKind | null;
  applicant_identity_number: string | null;
  applicant_phone: string | null;
  filed_by_name: string | null;
};

/** The earlier claim of an idempotency key (after insertNumberedCase claimed nothing). */
export function findIdempotencyClaim(db: Executor, applicantId: number, key: string) {
  return db
    .selectFrom('idempotency_keys')
    .select(['case_id', 'request_hash'])
    .where('applicant_id', '=', applicantId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
}

export interface CasePatch {
  accepted_at?: Date;
  due_date?: string | null;
  due_provisional?: boolean;
  decided_at?: Date;
  decision_reason?: string | null;
  completed_at?: Date;
  form_data?: Record<string, unknown>;
  delivery_preference?: DeliveryPreference;
  timeline_head?: Buffer;
  base_due_date?: string;
  legal_due_date?: string | null;
  due_at?: Date;
  warn_date?: string;
  stopped_workdays?: number;
  extension_workdays?: number;
  clock_stopped?: boolean;
  assignee_id?: number;
  review_step?: string;
  review_chain?: ReviewChain;
  review_step_index?: number;
  review_step_role?: 'reviewer' | 'department_head';
  countersign_department_ids?: number[];
  warned_yellow_at?: Date;
  warned_red_at?: Date;
  clerk_id?: number;
  window_id?: number | null;
  /** Set and cleared by the fees module with its timeline row (缴款通知书, 缴费, 减免). */
  fee_due?: boolean;
  decided_by?: number;
  workdays_used?: number;
  promised_workdays?: number;
  stop_count?: number;
  extension_count?: number;
  received_at?: Date;
  acceptance_due_date?: string;
  acceptance_warn_date?: string;
  deemed_accepted?: boolean;
  delivery_due_date?: string | null;
  delivery_warn_date?: string | null;
  delivery_warned_yellow_at?: Date;
  delivery_warned_red_at?: Date;
  delivered_late?: boolean;
  /** Not a column: extra facts for this step's timeline row. */
  eventData?: Record<string, unknown>;
}

/**
 * A gap-free series (a decision's 文号: one per organ and year) that a step takes its next serial
 * from, and the marker that stands for that serial in the step's timeline data until the
 * statement knows it.
 */
export interface SerialTaking {
  departmentId: number;
  year: number;
  marker: string;
}

/** The case the actor may see, read without a lock (an optimistic step checks it again on write). */
export async function findVisibleCase(db: Executor, caseId: string, actor: Actor): Promise<ReadCase | undefined> {
  const key = ACTOR_KEY[actor.role];
  // Named: every step reads the case first, and planning this read cost 4–5× running it.
  if (!key) return (await runPrepared(db, 'case_read', caseReadQuery(db, caseId, actor)))[0];
  let read = caseReads.get(actor.role);
  if (!read) {
    // The rule of these roles compares one of the actor's ids, which fills a parameter here.
    read = fixedQuery(`case_read_${actor.role}`, (d: Executor, id: string, k: number) => caseReadQuery(d, id, { ...actor, id: k, departmentId: k, centreId: k }));
    caseReads.set(actor.role, read);
  }
  return (await read(db, caseId, key(actor)))[0];
}

/**
 * The roles whose visibility rule (policy.ts) compares the case with one id of the actor, and
 * that id: their case read is built and compiled once per process (fixedQuery), as every
 * transition starts with it. Others (a supervisor's region prefix) build it each time.
 */
const ACTOR_KEY: Partial<Record<Actor['role'], (actor: Actor) => number>> = {
  applicant: (a) => a.id,
  agent: (a) => a.id,
  reviewer: (a) => a.departmentId ?? -1,
  department_head: (a) => a.departmentId ?? -1,
  clerk: (a) => a.centreId ?? -1,
  admin: (a) => a.centreId ?? -1,
};
const caseReads = new Map<Actor['role'], (db: Executor, caseId: string, key: number) => Promise<ReadCase[]>>();

function caseReadQuery(db: Executor, caseId: string, actor: Actor) {
  return (
    db
      .selectFrom('cases')
      .selectAll()
      // Decisions and issuance wait for a pending extension; read with the case, it costs no round trip of its own.
      .select((eb) => eb.exists(eb.selectFrom('case_extensions').select('case_extensions.id').whereRef('case_extensions.case_id', '=', 'cases.id').where('case_extensions.status', '=', 'pending')).$castTo<boolean>().as('extension_pending'))
      // A decision needs the item's type (its wording, 文号 mark, deciding organ, delivery clock): likewise.
      .select((eb) => eb.selectFrom('service_items').select('service_items.item_type').whereRef('service_items.id', '=', 'cases.item_id').$asScalar().$castTo<ItemTypeCode>().as('item_type'))
      .where('id', '=', caseId)
      .where(visibleCases(actor))
  );
}

/** A case as an optimistic step reads it: the row, whether an extension request waits for its approver, and its item's type. */
export type ReadCase = CaseRow & { extension_pending?: boolean; item_type?: ItemTypeCode };

/**
 * Writes one step of a case in one statement: the case's new state and counter, its timeline row
 * (chained to the previous one), and the applicant's notice with its SMS. One round trip instead
 * of four. With `expectedEventCount` the statement writes nothing (and answers undefined) unless
 * the case still has that many events: nobody moved it since it was read.
 */
export async function recordStep(
  db: Executor,
  step: {
    /** The case as read before this step: its decisive fields after the patch go into the chain. */
    current: CaseRow;
    event: ChainedEvent;
    prevHash: Buffer | null;
    status: CaseStatus;
    patch: CasePatch;
    /** The applicant's notice of this step, if it has one (sent to the case's applicant). */
    notice: { kind: string; title: string; body: string; sms: boolean } | null;
    expectedEventCount?: number;
    /**
     * The step takes the next serial of this gap-free series in the same statement and writes it
     * where the marker stands in its timeline data (see numberedStep in transition.ts).
     */
    serial?: SerialTaking;
  },
): Promise<CaseRow | undefined> {
  const { notice, serial } = step;
  const { form_data, delivery_preference, review_chain, eventData: _notAColumn, ...rest } = step.patch;
  // As the UPDATE below leaves the row: patch values left undefined change nothing.
  const after: Record<string, unknown> = { ...step.current };
  for (const [column, value] of Object.entries({ ...rest, form_data, delivery_preference, review_chain })) if (value !== undefined) after[column] = value;
  const event = { ...step.event, case_digest: caseDigest({ ...after, status: step.status }) };
  const set: Record<string, unknown> = { ...rest };
  if (form_data) set.form_data = JSON.stringify(form_data);
  if (delivery_preference) set.delivery_preference = JSON.stringify(delivery_preference);
  if (review_chain) set.review_chain = JSON.stringify(review_chain);
  const args: StepArgs = {
    ...Object.fromEntries(Object.entries(set).flatMap(([column, value]) => (value === undefined ? [] : [[`set:${column}`, value]]))),
    case_id: event.case_id,
    status: step.status,
    ...(step.expectedEventCount !== undefined && { expected_event_count: step.expectedEventCount }),
    ...rowArgs(event, notice),
    event_prev_hash: step.prevHash,
    // A numbered step's row is hashed in the statement, once its serial is known: the canonical
    // row (chain.ts) with the serial put where the marker stands, SM3 by pgcrypto; the same bytes
    // as eventHash of the row as written, which is what the audit recomputes.
    ...(serial
      ? { serial_department: serial.departmentId, serial_year: serial.year, serial_marker: serial.marker, serial_canonical: canonicalEvent(event) }
      : { event_hash: eventHash(step.prevHash, event) }),
  };
  return (await stepStatement(db, args))[0] as CaseRow | undefined;
}

/**
 * recordStep's values by name: the case's columns it sets (`set:<name>`; which ones are given
 * shapes the statement, one shape per action), the expected counter, the timeline row with its
 * hash or, for a numbered step, the series and the marker instead, and the notice.
 */
type StepArgs = Record<`set:${string}`, unknown> &
  RowArgs & {
  case_id: string;
  status: CaseStatus;
  expected_event_count?: number;
  event_prev_hash: Buffer | null;
  event_hash?: Buffer;
  serial_department?: number;
  serial_year?: number;
  serial_marker?: string;
  serial_canonical?: string;
};

/**
 * The step's statement, built and compiled once per shape and run as a named statement: Kysely
 * building it was the largest part of the Node CPU of a transition after the socket (~15%,
 * docs/benchmarks.md), and planning it cost as much as running it.
 */
const stepStatement = shapedQuery('case_step', (db: Executor, a: StepArgs) => {
  const columns = Object.keys(a).filter((name) => name.startsWith('set:'));
  const numbered = 'serial_marker' in a;
  const expected = 'expected_event_count' in a;
  const withSerial = (text: unknown) => sql<string>`replace(${text}::text, ${a.serial_marker}::text, (SELECT last FROM taken)::text)`;
  const hash = numbered ? sql<Buffer>`(SELECT hash FROM chained)` : a.event_hash!;
  const event = eventOfArgs(a);
  const start: QueryCreator<DB> = numbered
    ? (db
        // The case is locked before the series, so a serial is never taken for a case that then
        // cannot move. This one statement commits without waiting for the flush (set_config
        // local): the caller waits for it afterwards (FLUSH), holding no lock.
        .with('locked', (qb) =>
          qb
            .selectFrom('cases')
            .select(['id', sql<string>`set_config('synchronous_commit', 'off', true)`.as('sync')])
            .where('id', '=', a.case_id)
            .$if(expected, (qb) => qb.where('event_count', '=', a.expected_event_count!))
            .forUpdate(),
        )
        .with('taken', (qb) =>
          qb
            .insertInto('decision_number_series')
            .columns(['department_id', 'year', 'last'])
            .expression((eb) => eb.selectFrom('locked').select([sql<number>`${a.serial_department}::int`.as('department_id'), sql<number>`${a.serial_year}::int`.as('year'), sql<number>`1`.as('last')]))
            // A concurrent decision of the organ holds the row until its statement commits
            // (microseconds: it does not wait for the flush); this one then takes the next.
            .onConflict((oc) => oc.columns(['department_id', 'year']).doUpdateSet({ last: sql`decision_number_series.last + 1` }))
            .returning('last'),
        )
        .with('chained', (qb) =>
          qb.selectNoFrom(sql<Buffer>`digest(coalesce(${a.event_prev_hash}::bytea, ''::bytea) || convert_to(${withSerial(a.serial_canonical)}, 'UTF8'), 'sm3')`.as('hash')),
        ) as unknown as QueryCreator<DB>)
    : db;
  return start
    .with('moved', (qb) =>
      qb
        .updateTable('cases')
        .set({
          ...Object.fromEntries(columns.map((name) => [name.slice('set:'.length), a[name as `set:${string}`]])),
          timeline_head: hash,
          status: a.status,
          event_count: a.event_seq,
          updated_at: sql`clock_now()`,
        })
        .where('id', '=', a.case_id)
        .$if(expected, (qb) => qb.where('event_count', '=', a.expected_event_count!))
        .$if(numbered, (qb) => qb.where(sql<boolean>`EXISTS (SELECT 1 FROM taken)`))
        .returningAll(),
    )
    .with('step_event', (qb) =>
      qb
        .insertInto('case_events')
        .columns(EVENT_COLUMNS)
        .expression((eb) => eb.selectFrom('moved').select(['moved.id', ...eventValues(event, a.event_prev_hash, hash, numbered ? withSerial(a.event_data) : a.event_data)]))
        .returning('id'),
    )
    .with('notice', (qb) =>
      qb
        .insertInto('notifications')
        .columns(['user_id', 'case_id', 'kind', 'title', 'body'])
        .expression((eb) =>
          eb
            .selectFrom('moved')
            .select(['moved.applicant_id', 'moved.id', ...noticeValues(a, asText)])
            .where(sql<boolean>`${a.notice_wanted}::boolean`),
        )
        .returning('id'),
    )
    .with('sms', (qb) =>
      qb
        .insertInto('outbox')
        .columns(['channel', 'user_id', 'template', 'payload'])
        .expression((eb) =>
          eb
            .selectFrom('moved')
            .select([sql<string>`'sms'`.as('channel'), 'moved.applicant_id', ...smsValues(a, asText)])
            .where(sql<boolean>`${a.sms_wanted}::boolean`),
        )
        .returning('id'),
    )
    .selectFrom('moved')
    .selectAll();
});

const listColumns = [
  'cases.id',
  'cases.number',
  'cases.status',
  'cases.channel',
  'cases.submitted_at',
  'cases.accepted_at',
  'cases.due_date',
  'cases.due_provisional',
  'cases.decided_at',
  'cases.completed_at',
  'cases.promised_limit_days',
  'cases.clock_stopped',
  'cases.warn_date',
  'cases.acceptance_due_date',
  'cases.acceptance_warn_date',
  'cases.deemed_accepted',
  'cases.delivery_due_date',
  'cases.delivery_warn_date',
  'cases.delivered_late',
  'cases.review_step',
  'cases.review_step_index',
  'cases.region_code',
  sql<string | null>`cases.review_chain->'steps'->cases.review_step_index->>'label'`.as('review_step_label'),
  'service_items.item_type',
  'cases.joint_application_id',
  // 重点项目 (绿色通道): a child case of a key project's joint application goes first in work queues.
  sql<boolean>`coalesce((select ja.priority from joint_applications ja where ja.id = cases.joint_application_id), false)`.as('key_project'),
  'assignee.display_name as assignee_name',
  'service_items.name as item_name',
  'service_items.code as item_code',
  'departments.name as department_name',
  'applicant.display_name as applicant_name',
] as const;

export interface CaseListFilter {
  statuses?: CaseStatus[];
  queue?: 'mine' | 'unclaimed' | 'sign';
  limit: number;
  offset: number;
}

const WORK_QUEUE_ROLES = new Set(['clerk', 'reviewer', 'department_head', 'agent']);

export async function listVisibleCases(db: Executor, actor: Actor, filter: CaseListFilter) {
  let query = db
    .selectFrom('cases')
    .innerJoin('service_items', 'service_items.id', 'cases.item_id')
    .innerJoin('departments', 'departments.id', 'cases.department_id')
    .innerJoin('users as applicant', 'applicant.id', 'cases.applicant_id')
    .leftJoin('users as assignee', 'assignee.id', 'cases.assignee_id')
    .where(visibleCases(actor));
  if (filter.statuses?.length) query = query.where('cases.status', 'in', filter.statuses);
  if (filter.queue === 'unclaimed') query = query.where('cases.status', '=', 'accepted').where('cases.assignee_id', 'is', null);
  if (filter.queue === 'mine') {
    query = query
      .where('cases.status', '=', 'accepted')
      .where((eb) =>
        eb.or([
          eb('cases.assignee_id', '=', actor.id),
          eb.and([eb('assignee.backup_user_id', '=', actor.id), eb('assignee.away', '=', true)]),
        ]),
      );
  }
  if (filter.queue === 'sign') query = query.where('cases.status', '=', 'accepted').where(signableBy(actor));
  // Work queues put key projects first; the chronological lists of applicants and supervisors
  // keep their index order (a supervisor's region may hold millions of cases).
  const keyFirst = WORK_QUEUE_ROLES.has(actor.role);
  const [rows, total] = await Promise.all([
    query
      .select(listColumns)
      .$if(keyFirst, (q) => q.orderBy('key_project', 'desc'))
      .orderBy('cases.submitted_at', 'desc')
      .orderBy('cases.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

/**
 * 待签批: cases whose current chain step the caller may sign without owning the case — a head's
 * step of their department, a later step of a chain that wants different persons (not the
 * caller's own case), or a 会签 step listing the caller's department.
 */
function signableBy(actor: Actor) {
  const department = actor.departmentId ?? -1;
  return (eb: ExpressionBuilder<DB, 'cases'>) => {
    const countersign = sql<boolean>`cases.review_chain->'steps'->cases.review_step_index->>'kind' = 'countersign' AND ${department}::int = ANY(cases.countersign_department_ids || cases.department_id)`;
    const role = actor.role === 'department_head' ? 'department_head' : 'reviewer';
    const ownStep = eb.and([
      eb('cases.department_id', '=', department),
      eb('cases.review_step_role', '=', role),
      eb('cases.review_step_index', '>', 0),
      role === 'reviewer'
        ? eb.and([sql<boolean>`(cases.review_chain->>'distinctPersons')::boolean`, eb('cases.assignee_id', 'is distinct from', actor.id)])
        : eb.lit(true),
    ]);
    return eb.or([ownStep, countersign]);
  };
}

function visibleCaseDetailQuery(db: Executor, caseId: string, actor: Actor) {
  return db
    .selectFrom('cases')
    .innerJoin('service_items', 'service_items.id', 'cases.item_id')
    .innerJoin('departments', 'departments.id', 'cases.department_id')
    .innerJoin('users as applicant', 'applicant.id', 'cases.applicant_id')
    .leftJoin('users as assignee', 'assignee.id', 'cases.assignee_id')
    .leftJoin('users as filer', 'filer.id', 'cases.filed_by_id')
    .where('cases.id', '=', caseId)
    .where(visibleCases(actor))
    .select([
      ...listColumns,
      'cases.query_code',
      'cases.form_data',
      'cases.decision_reason',
      'cases.legal_limit_days',
      'cases.promised_limit_unit',
      'cases.legal_limit_unit',
      'cases.base_due_date',
      'cases.legal_due_date',
      'cases.stopped_workdays',
      'cases.extension_workdays',
      'cases.max_extension_workdays',
      'cases.delivery_preference',
      'cases.applicant_id',
      'cases.review_chain',
      'cases.assignee_id',
      'service_items.form_fields',
      'applicant.applicant_kind',
      'applicant.identity_number as applicant_identity_number',
      'applicant.phone as applicant_phone',
      'filer.display_name as filed_by_name',
    ])
}

export function findVisibleCaseDetail(db: Executor, caseId: string, actor: Actor) {
  return visibleCaseDetailQuery(db, caseId, actor).executeTakeFirst();
}

/**
 * The case detail with its timeline, clock stops, extensions and whether it was rated, in one
 * query (JSON arrays of the case row) rather than five round trips. Timestamps inside the arrays
 * arrive as JSON strings.
 */
export async function findVisibleCaseWithHistory(db: Executor, caseId: string, actor: Actor) {
  const query = visibleCaseDetailQuery(db, caseId, actor)
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('case_events')
          .leftJoin('users as event_actor', 'event_actor.id', 'case_events.actor_id')
          .select([
            'case_events.seq',
            'case_events.at',
            'case_events.action',
            'case_events.actor_role',
            'case_events.from_status',
            'case_events.to_status',
            'case_events.note',
            'case_events.data',
            'event_actor.display_name as actor_name',
          ])
          .whereRef('case_events.case_id', '=', 'cases.id')
          .orderBy('case_events.seq'),
      ).as('events'),
      jsonArrayFrom(
        eb
          .selectFrom('case_clock_stops')
          .select([
            'case_clock_stops.kind',
            'case_clock_stops.reason',
            'case_clock_stops.started_at',
            'case_clock_stops.ended_at',
            'case_clock_stops.workdays',
            'case_clock_stops.expected_workdays',
            'case_clock_stops.expected_end_date',
          ])
          .whereRef('case_clock_stops.case_id', '=', 'cases.id')
          .orderBy('case_clock_stops.started_at'),
      ).as('stops'),
      jsonArrayFrom(
        eb
          .selectFrom('case_extensions')
          .select(['case_extensions.workdays', 'case_extensions.reason', 'case_extensions.status', 'case_extensions.requested_at', 'case_extensions.decided_at'])
          .whereRef('case_extensions.case_id', '=', 'cases.id')
          .orderBy('case_extensions.requested_at'),
      ).as('extensions'),
      eb
        .exists(eb.selectFrom('ratings').select('ratings.id').whereRef('ratings.case_id', '=', 'cases.id').where('ratings.channel', '=', 'online'))
        .as('rated'),
    ]);
  // Planning this six-table query cost five times running it: a named statement (db/prepared.ts).
  return (await runPrepared(db, 'case_detail', query))[0];
}

export function listEvents(db: Executor, caseId: string) {
  return db
    .selectFrom('case_events')
    .leftJoin('users', 'users.id', 'case_events.actor_id')
    .select([
      'case_events.seq',
      'case_events.at',
      'case_events.action',
      'case_events.actor_role',
      'case_events.from_status',
      'case_events.to_status',
      'case_events.note',
      'case_events.data',
      'users.display_name as actor_name',
    ])
    .where('case_events.case_id', '=', caseId)
    .orderBy('case_events.seq')
    .execute();
}

/**
 * Claims an idempotency key for a new case. Returns null when claimed; otherwise the earlier
 * claim (a concurrent duplicate waits here until the first transaction commits or rolls back).
 */
export async function claimIdempotencyKey(
  db: Executor,
  claim: { applicantId: number; key: string; requestHash: Buffer; caseId: string },
): Promise<{ case_id: string; request_hash: Buffer } | null> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({ applicant_id: claim.applicantId, key: claim.key, request_hash: claim.requestHash, case_id: claim.caseId })
    .onConflict((oc) => oc.doNothing())
    .returning('case_id')
    .executeTakeFirst();
  if (inserted) return null;
  return db
    .selectFrom('idempotency_keys')
    .select(['case_id', 'request_hash'])
    .where('applicant_id', '=', claim.applicantId)
    .where('key', '=', claim.key)
    .executeTakeFirstOrThrow();
}

export function findAssignee(db: Executor, userId: number) {
  return db.selectFrom('users').select(['id', 'away', 'backup_user_id']).where('id', '=', userId).executeTakeFirst();
}
