import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables; keep in step with `migrations/`. */
/** A timestamp the database fills when the insert leaves it out (DEFAULT now()). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;

export interface RegionTable {
  code: string;
  name: string;
  parent_code: string | null;
  level: 'province' | 'city' | 'county' | 'town' | 'village';
}

export interface CentreTable {
  id: Generated<number>;
  name: string;
  region_code: string;
  address: Generated<string>;
  phone: Generated<string>;
}

export interface DepartmentTable {
  id: Generated<number>;
  name: string;
  credit_code: string;
  region_code: string;
  centre_id: number;
  phone: Generated<string>;
}

export interface WindowTable {
  id: Generated<number>;
  centre_id: number;
  number: string;
  name: string;
  /** SHA-256 of the key the window's rating tablet holds. */
  kiosk_key_hash: Buffer | null;
}

/** A user's role; each module that brings a role adds one line here and one row to `roles`. */
export type Role =
  | 'applicant'
  | 'clerk'
  | 'reviewer'
  | 'admin'
  | 'supervisor'
  | 'department_head'
  | 'government_head'
  | 'agent'
  | 'inspector'
  | 'intermediary'
  | 'trading_agency'
  | 'trading_officer'
  | 'expert';
export type ApplicantKind = 'natural' | 'legal';

export interface UserTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  display_name: string;
  role: Role;
  applicant_kind: ApplicantKind | null;
  identity_number: string | null;
  phone: string | null;
  region_code: string | null;
  centre_id: number | null;
  department_id: number | null;
  window_id: number | null;
  disabled: Generated<boolean>;
  created_at: Timestamp;
  /** AB角: who works this person's queue while they are away. */
  backup_user_id: number | null;
  away: Generated<boolean>;
  /** May decide 即办件 on the spot at the window. */
  decides_immediate: Generated<boolean>;
  /** Head of their department: receives its warnings and 督办. */
  heads_department: Generated<boolean>;
  /** TOTP (RFC 6238) secret, base32, once two-factor is on; pending while being enrolled. */
  totp_secret: ColumnType<string | null, string | null | undefined, string | null>;
  totp_pending_secret: ColumnType<string | null, string | null | undefined, string | null>;
  totp_enabled_at: NullableTimestamp;
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  password_changed_at: NullableTimestamp;
}

export interface SessionTable {
  token_hash: Buffer;
  user_id: number;
  id: Generated<number>;
  ip: string | null;
  user_agent: string | null;
  /** Staff who must enrol in two-factor first: only the enrolment routes answer. */
  must_enrol: Generated<boolean>;
  /** An enterprise's session: the person acting for it (法定代表人 or 经办人). */
  acting_person_id: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface LoginFailureTable {
  id: Generated<number>;
  username: string;
  at: Timestamp;
}

export interface AuditEventTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  detail: Json<Record<string, unknown>>;
}

export interface FormField {
  key: string;
  label: string;
  type: 'text' | 'textarea' | 'number' | 'date' | 'select' | 'phone';
  required: boolean;
  options?: string[];
  maxLength?: number;
}

export type ItemKind = 'immediate' | 'promised';
export type ItemStatus = 'draft' | 'published' | 'suspended' | 'cancelled';

export interface ServiceItemTable {
  id: Generated<number>;
  code: string;
  name: string;
  department_id: number;
  kind: ItemKind;
  legal_limit_days: number | null;
  promised_limit_days: number;
  status: Generated<ItemStatus>;
  description: Generated<string>;
  form_fields: ColumnType<FormField[], string | undefined, string>;
  created_at: Timestamp;
  /** 事项类型: '01' 行政许可 … '10' 其他行政权力, '20' 公共服务 */
  item_type: Generated<ItemTypeCode>;
  /** 基本编码, shared across levels (XK-00001-001) */
  basic_code: Generated<string>;
  hierarchy: Generated<ItemHierarchy>;
  handling_kind: HandlingKind | null;
  parent_id: number | null;
  implementing_body: Generated<string>;
  implementing_level: Generated<number>;
  legal_basis: ColumnType<LegalBasis[], string | undefined, string>;
  conditions: Generated<string>;
  materials: ColumnType<ItemMaterial[], string | undefined, string>;
  fees: ColumnType<ItemFees, string | undefined, string>;
  trips: Generated<number>;
  online_depth: Generated<number>;
  channels: ColumnType<ItemChannel[], ItemChannel[] | undefined, ItemChannel[]>;
  windows: Generated<string>;
  consult_phone: Generated<string>;
  complaint_phone: Generated<string>;
  process: ColumnType<ProcessStep[], string | undefined, string>;
  target: Generated<ItemTarget>;
  updated_at: Timestamp;
  legal_limit_unit: Generated<LimitUnitColumn>;
  legal_limit_text: Generated<string>;
  promised_limit_unit: Generated<LimitUnitColumn>;
  promised_limit_text: Generated<string>;
  legal_limit_conditions: ColumnType<ConditionalLimit[], string | undefined, string>;
  promised_limit_conditions: ColumnType<ConditionalLimit[], string | undefined, string>;
  legal_extension_workdays: number | null;
  current_version_id: number | null;
  delegated_to: Generated<string>;
  taken_over_from: Generated<string>;
  themes: ColumnType<string[], string[] | undefined, string[]>;
  search_text: Generated<string>;
  /** 审批链: the item's back-office steps in order. */
  review_chain: ColumnType<ReviewChain, string | undefined, string>;
  /** The item's own rules provide a 补正 stop after acceptance (off by default). */
  correction_stop_allowed: Generated<boolean>;
}

/** What a step of a review chain is: 承办, 审核, 批准, 现场勘查, 专家评审, 集体讨论, 会签. */
export type ReviewStepKind = 'handle' | 'check' | 'approve' | 'inspection' | 'expert_review' | 'collective' | 'countersign';

/** One step of an item's 审批链. */
export interface ReviewChainStep {
  /** Stable within the chain: the timeline and the case's current step name it. */
  key: string;
  /** Shown to people and printed above the step's opinion: 承办意见, 审核意见 … */
  label: string;
  kind: ReviewStepKind;
  /** Who signs: a reviewer (审批人员) or the department head (负责人). */
  role: 'reviewer' | 'department_head';
  /** The step that grants or denies (exactly one, the last). */
  decides?: boolean;
  /** Left out when the item is an 即办件. */
  skippableForImmediate?: boolean;
  /** 会签: each of these departments signs the step (the case's own department may be one). */
  departments?: number[];
}

export interface ReviewChain {
  steps: ReviewChainStep[];
  /** Each step by a different person (承办人 ≠ 审核人 ≠ 批准人). */
  distinctPersons: boolean;
}

export type ItemTypeCode = '01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10' | '20';
export type ItemHierarchy = 'main' | 'sub' | 'handling';
export type HandlingKind = 'new' | 'change' | 'renew' | 'cancel' | 'other';
export type ItemChannel = 'online' | 'window' | 'agent' | 'village';
export type ItemTarget = 'natural' | 'legal' | 'both';

/** 设定依据: one law or regulation with the articles that set the item. */
export interface LegalBasis {
  law: string;
  articles: string;
}

/** 申请材料 as the guide lists it. */
export interface ItemMaterial {
  /** Stable within the item (M01, M02 …): uploads, checks and correction points name it. */
  id: string;
  name: string;
  requirement: 'required' | 'optional' | 'conditional';
  /** When the requirement is conditional: who must bring it. */
  condition?: string;
  form: 'original' | 'copy' | 'original_and_copy' | 'electronic';
  copies: number;
  blankForm?: string;
  sample?: string;
  /** Electronic licence type (电子证照) that replaces the paper. */
  licenceType?: string;
  /** 部门间共享: the government already holds it (another department's data), so it is never asked for. */
  governmentHeld?: boolean;
  /** 告知承诺制: may be replaced by the applicant's signed commitment, checked later. */
  commitmentAllowed?: boolean;
  /** 来源: e.g. 申请人自备, 本级政府部门核发 (then never asked again). */
  source: string;
  /** 容缺受理: a minor material that may follow after acceptance, by a promised date. */
  deferrable?: boolean;
}

/** A material as an administrator, a workbook or the demo writes it: numbered when saved. */
export type ItemMaterialInput = Omit<ItemMaterial, 'id'> & { id?: string };

/** 收费: free, or the charged items with standard and basis. */
export interface ItemFees {
  free: boolean;
  items: { name: string; standard: string; basis: string }[];
}

export interface ProcessStep {
  name: string;
  description: string;
}

export interface ConditionalLimit {
  condition: string;
  value: number;
  unit: LimitUnitColumn;
}

export interface ServiceItemVersionTable {
  id: Generated<number>;
  item_id: number;
  version_no: number;
  action: string;
  reason: Generated<string>;
  actor_id: number | null;
  created_at: Timestamp;
  snapshot: ColumnType<Record<string, unknown>, string, string>;
}

export type CaseStatus =
  | 'submitted'
  | 'correction_required'
  | 'accepted'
  | 'refused'
  | 'approved'
  | 'denied'
  | 'completed'
  | 'withdrawn';

/**
 * 办件编号 → case: one row per application number, written by a trigger on cases in the statement
 * that writes the case. Its primary key keeps numbers unique across the yearly partitions of cases
 * (a unique index of a partitioned table must include the partition key, the id).
 */
export interface CaseNumberTable {
  number: string;
  case_id: string;
}

export interface CaseTable {
  id: Generated<string>;
  number: string;
  query_code: string;
  item_id: number;
  department_id: number;
  centre_id: number;
  region_code: string;
  applicant_id: number;
  /** 经办人: the person who filed an enterprise's application online. */
  filed_by_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** A fee is owed: 出件 waits for payment or 减免. */
  fee_due: Generated<boolean>;
  channel: 'online' | 'window';
  status: CaseStatus;
  form_data: ColumnType<Record<string, unknown>, string, string>;
  promised_limit_days: number;
  legal_limit_days: number | null;
  submitted_at: Timestamp;
  accepted_at: NullableTimestamp;
  due_date: string | null;
  due_provisional: Generated<boolean>;
  decided_at: NullableTimestamp;
  decision_reason: string | null;
  completed_at: NullableTimestamp;
  event_count: Generated<number>;
  /** Hash of the newest timeline row (步步留痕 chain head). */
  timeline_head: Buffer | null;
  promised_limit_unit: Generated<LimitUnitColumn>;
  legal_limit_unit: Generated<LimitUnitColumn>;
  max_extension_workdays: Generated<number>;
  base_due_date: string | null;
  legal_due_date: string | null;
  due_at: NullableTimestamp;
  stopped_workdays: Generated<number>;
  extension_workdays: Generated<number>;
  clock_stopped: Generated<boolean>;
  warn_date: string | null;
  assignee_id: number | null;
  /** Key of the chain step the case stands at (review_chain.steps[review_step_index]). */
  review_step: string | null;
  review_chain: ColumnType<ReviewChain | null, string | null | undefined, string | null>;
  review_step_index: number | null;
  review_step_role: 'reviewer' | 'department_head' | null;
  countersign_department_ids: ColumnType<number[], number[] | undefined, number[]>;
  /** The catalogue version in force when the case was opened. */
  item_version_id: number | null;
  /** 送达方式 the applicant chose: { method: 'window' } or { method: 'post', address, recipient, phone }. */
  delivery_preference: ColumnType<DeliveryPreference | null, string | null | undefined, string | null>;
  warned_yellow_at: NullableTimestamp;
  warned_red_at: NullableTimestamp;
  rating_invited_at: NullableTimestamp;
  /** The clerk who accepted or refused it, and that clerk's window. */
  clerk_id: number | null;
  window_id: number | null;
  decided_by: number | null;
  /** Working days from acceptance to decision, stops excluded; the promise in working days. */
  workdays_used: number | null;
  promised_workdays: number | null;
  stop_count: Generated<number>;
  extension_count: Generated<number>;
  updated_at: Timestamp;
  /** Who approves an extension: 部门负责人 (art. 42), or 本级人民政府负责人 for joint handling. */
  extension_approver: Generated<ExtensionApprover>;
  /** 联办件: the joint application this case is a member of (抄告相关), or null. */
  joint_application_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the materials were received (submission or answer to a correction notice): art. 32's five days run from here. */
  received_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** 受理时限: the fifth working day after receipt, and the first yellow day before it. */
  acceptance_due_date: ColumnType<string | null, string | null | undefined, string | null>;
  acceptance_warn_date: ColumnType<string | null, string | null | undefined, string | null>;
  /** 依法视为受理: accepted by law when nobody answered within five working days (art. 32). */
  deemed_accepted: Generated<boolean>;
  /** 送达期限 (行政许可法 art. 44): ten working days after a licence is granted; null for other results. */
  delivery_due_date: string | null;
  /** First day of the delivery clock's yellow light. */
  delivery_warn_date: string | null;
  delivery_warned_yellow_at: NullableTimestamp;
  delivery_warned_red_at: NullableTimestamp;
  /** Set at issuance for a case with a delivery deadline: issued after it. */
  delivered_late: boolean | null;
}

export type ExtensionApprover = 'department_head' | 'government_head';

export type StatsDimension = 'department' | 'window' | 'staff' | 'item';

/** What happened on one China day, for one department, window, staff member or item. */
export interface StatsDailyTable {
  day: string;
  dimension: StatsDimension;
  key: number;
  received: number;
  accepted: number;
  refused: number;
  withdrawn: number;
  completed: number;
  on_time: number;
  early: number;
  late: number;
  timed: number;
  workdays_used: number;
  promised_workdays: number;
  stops: number;
  extensions: number;
  /** 办结的承诺件 (the denominator of 提前办结率). */
  completed_promised: number;
}

/** A month's sums of stats_daily (month is its first day), kept by the roll-up. */
export type StatsMonthlyTable = Omit<StatsDailyTable, 'day'> & { month: string };

export interface StatsRolledMonthTable {
  month: string;
  rolled_at: Generated<Date>;
}

/** One day's intake and completions per region (the departments' regions), for trend charts. */
export interface StatsDailyRegionTable {
  day: string;
  region_code: string;
  received: number;
  completed: number;
  on_time: number;
}

/** 评价器的一项评价指标 of a centre. */
export interface RatingIndicatorSetting {
  key: string;
  label: string;
  order: number;
  enabled: boolean;
}

export interface CentreRatingIndicatorTable {
  centre_id: number;
  indicators: ColumnType<RatingIndicatorSetting[], string, string>;
  updated_by: number | null;
  updated_at: Generated<Date>;
}

export interface StatsRolledDayTable {
  day: string;
  rolled_at: Generated<Date>;
}

export type DeliveryPreference = { method: 'window' } | { method: 'post'; recipient: string; phone: string; address: string };

export interface CaseEventTable {
  id: Generated<number>;
  case_id: string;
  seq: number;
  at: Timestamp;
  actor_id: number | null;
  actor_role: string;
  action: string;
  from_status: CaseStatus | null;
  to_status: CaseStatus;
  note: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  prev_hash: Buffer | null;
  hash: Buffer | null;
  /** SM3 of the case's decisive fields after this step (modules/cases/chain.ts caseDigest). */
  case_digest: Buffer | null;
}

export type LimitUnitColumn = 'workday' | 'natural_day' | 'hour' | 'on_the_spot';
/**
 * Why a clock stopped. 补正 (correction, where the item provides it) and the grounds of
 * 行政许可法 art. 45; 'inspection' (现场勘查) and 'other' are kept only for stops recorded before
 * the law's list was enforced (never for a new stop).
 */
export type ClockStopKind =
  | 'correction'
  | 'hearing'
  | 'tender'
  | 'auction'
  | 'examination'
  | 'testing'
  | 'quarantine'
  | 'appraisal'
  | 'expert_review'
  | 'inspection'
  | 'other';

export interface CaseClockStopTable {
  id: Generated<number>;
  case_id: string;
  kind: ClockStopKind;
  reason: string;
  started_at: Date;
  started_by: number;
  ended_at: NullableTimestamp;
  ended_by: number | null;
  workdays: number | null;
  /** How long the stop is expected to take, as the written notice states it (null on old stops). */
  expected_workdays: number | null;
  expected_end_date: string | null;
}

export interface CaseExtensionTable {
  id: Generated<number>;
  case_id: string;
  workdays: number;
  reason: string;
  requested_by: number;
  requested_at: Date;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  decided_by: number | null;
  decided_at: NullableTimestamp;
  decision_note: string | null;
}

export type MaterialContentType = 'application/pdf' | 'image/jpeg' | 'image/png' | 'application/ofd';
export type MaterialVerdict = 'unchecked' | 'ok' | 'missing' | 'wrong' | 'expired';

export interface CaseMaterialTable {
  id: string;
  case_id: string;
  name: string;
  original_name: string;
  content_type: MaterialContentType;
  size_bytes: number;
  sm3: Buffer;
  uploaded_by: number;
  uploaded_at: Timestamp;
  verdict: Generated<MaterialVerdict>;
  verdict_note: string | null;
  checked_by: number | null;
  checked_at: NullableTimestamp;
  /** The item's listed material (M01 …) this file answers; null where the item lists none. */
  item_material_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** 材料核验: the clerk's verdict on one listed material of a case. */
export interface CaseMaterialCheckTable {
  case_id: string;
  material_id: string;
  verdict: 'accepted' | 'defective';
  reason: string | null;
  verified_by: number;
  verified_at: Timestamp;
}

/** 容缺受理: a minor material promised for a date after acceptance. */
export interface CaseDeferredMaterialTable {
  case_id: string;
  material_id: string;
  material_name: string;
  promised_date: string;
  recorded_by: number;
  recorded_at: Timestamp;
  overdue_warned_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  closed_by: number | null;
}

/** 预上传: an applicant's file for an item's material, waiting for the application it goes with. */
export interface StagedMaterialTable {
  id: string;
  owner_id: number;
  item_id: number;
  item_material_id: string;
  name: string;
  original_name: string;
  content_type: MaterialContentType;
  size_bytes: number;
  sm3: Buffer;
  uploaded_at: Timestamp;
}

/** 实施编码 history: a code an item carried before 下放 / 承接 regenerated it. */
export interface ServiceItemCodeTable {
  code: string;
  item_id: number;
  replaced_by: string;
  action: 'delegate' | 'take_over';
  replaced_at: Timestamp;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  case_id: string | null;
  kind: string;
  title: string;
  body: string;
  created_at: Timestamp;
  read_at: NullableTimestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  channel: 'sms' | 'email';
  user_id: number | null;
  /** The number to send to when no user holds it yet (a registration's code). */
  phone: ColumnType<string | null, string | null | undefined, string | null>;
  template: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  created_at: Timestamp;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  sent_at: NullableTimestamp;
  last_error: string | null;
}

export interface CalendarYearTable {
  region_code: Generated<string>;
  year: number;
  source: string;
  entered_by: number | null;
  entered_at: Timestamp;
}

export interface CalendarDayTable {
  region_code: Generated<string>;
  date: string;
  kind: 'holiday' | 'makeup' | 'closed';
  name: string;
  entered_by: number | null;
  entered_at: Timestamp;
}

export interface CalendarVersionTable {
  id: Generated<boolean>;
  version: Generated<number>;
}

export interface SettingTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface ApplicationDraftTable {
  id: Generated<string>;
  applicant_id: number;
  item_id: number;
  form_data: ColumnType<Record<string, unknown>, string, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DirectiveTable {
  id: Generated<number>;
  case_id: string | null;
  department_id: number;
  content: string;
  issued_by: number;
  issued_at: Date;
  reply_due: string;
  reply: string | null;
  replied_by: number | null;
  replied_at: NullableTimestamp;
  escalated_at: NullableTimestamp;
}

export interface WindowServiceTable {
  id: Generated<string>;
  window_id: number;
  clerk_id: number;
  case_id: string | null;
  started_at: Timestamp;
  closed_at: NullableTimestamp;
}

export interface RatingTable {
  id: Generated<number>;
  channel: 'online' | 'window';
  case_id: string | null;
  window_service_id: string | null;
  level: number;
  indicators: ColumnType<Record<string, number>, string | undefined, string>;
  comment: Generated<string>;
  item_id: number | null;
  department_id: number | null;
  window_id: number | null;
  staff_id: number | null;
  rater_id: number | null;
  created_at: Timestamp;
}

export type RectificationStatus = 'pending' | 'in_progress' | 'rectified' | 'cannot_rectify' | 'appealed' | 'invalid' | 'appeal_rejected';

export interface RectificationTable {
  id: Generated<number>;
  rating_id: number;
  department_id: number | null;
  status: Generated<RectificationStatus>;
  due_date: string;
  measures: string | null;
  callback_note: string | null;
  callback_at: NullableTimestamp;
  fix_level: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The centre whose window was rated when no department answers for it. */
  centre_id: number | null;
  region_code: string | null;
  /** While appealed: 无法整改 or 无效评价 (malicious or mistaken). */
  appeal_kind: 'cannot_rectify' | 'invalid' | null;
  appeal_note: string | null;
  decision_note: string | null;
}

export interface InquiryTable {
  id: Generated<number>;
  kind: 'consultation' | 'complaint';
  channel: 'online' | 'phone' | 'window';
  user_id: number | null;
  contact_name: string;
  contact_phone: string | null;
  item_id: number | null;
  department_id: number;
  subject: string;
  content: string;
  logged_by: number | null;
  created_at: Timestamp;
  reply_due: string;
  reply: string | null;
  replied_by: number | null;
  replied_at: NullableTimestamp;
  callback_note: string | null;
  callback_at: NullableTimestamp;
  rating: number | null;
  published_faq: Generated<boolean>;
  /** 首问负责: the staff member who owns a window enquiry until it is answered or handed over. */
  owner_id: Generated<number | null>;
  handed_over_at: Generated<Date | null>;
  handover_note: Generated<string | null>;
  /** A complaint's subject: the window or person complained about. */
  about_window_id: Generated<number | null>;
  about_user_id: Generated<number | null>;
}

export interface IdempotencyKeyTable {
  applicant_id: number;
  key: string;
  request_hash: Buffer;
  case_id: string;
  created_at: Timestamp;
}

/** Committed-or-not marker written with each timeline row; the feed sequencer numbers and removes it. */
export interface FeedPendingTable {
  event_id: number;
}

/** The e-supervision feed: timeline rows numbered in commit order (`position` is the pull cursor). */
export interface FeedLogTable {
  position: Generated<number>;
  event_id: number;
  centre_id: number;
  region_code: string;
  sequenced_at: Timestamp;
}

/** A system receiving the feed: pushed to (`url` + `secret`) and/or pulling with a bearer token. */
export interface FeedSubscriberTable {
  id: Generated<number>;
  centre_id: number;
  name: string;
  url: string | null;
  secret: string | null;
  token_hash: Buffer | null;
  token_issued_at: NullableTimestamp;
  active: Generated<boolean>;
  delivered_position: Generated<number>;
  delivered_at: NullableTimestamp;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  last_error_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  failed_event_id: number | null;
  created_by: number;
  created_at: Timestamp;
}

// ---- Public resource trading (公共资源交易), server/src/modules/trading ----

export type TradingCategory = 'construction' | 'procurement' | 'land' | 'state_assets';
export type TradingProjectStatus = 'submitted' | 'listed' | 'rejected' | 'announced' | 'opened' | 'evaluating' | 'publicity' | 'awarded';
export type TradingPublicationKind = 'announcement' | 'clarification' | 'opening_record' | 'candidates' | 'result';
export type TradingBidStatus = 'sealed' | 'withdrawn' | 'replaced' | 'decrypted' | 'undecryptable';

export interface TradingEventTable {
  seq: number;
  project_id: string | null;
  at: Timestamp;
  actor_id: number | null;
  actor_role: string;
  action: string;
  data: Json<Record<string, unknown>>;
  prev_hash: Buffer | null;
  hash: Buffer;
}
export interface TradingChainHeadTable {
  id: number;
  seq: number;
  hash: Buffer | null;
}
export interface TradingKeyTable {
  owner: string;
  public_key: string;
  private_key: string | null;
  created_at: Timestamp;
}
export interface TradingEnterpriseTable {
  id: Generated<number>;
  credit_code: string;
  name: string;
  user_id: number | null;
  legal_representative: string;
  address: Generated<string>;
  licences: Json<{ name: string; number: string; validUntil: string | null }[]>;
  qualifications: Json<{ name: string; level: string; number: string; validUntil: string }[]>;
  performance: Json<{ project: string; year: number; amount: number }[]>;
  created_at: Timestamp;
}
export interface TradingPersonTable {
  id: Generated<number>;
  enterprise_id: number;
  name: string;
  id_hash: string;
  id_masked: string;
  title: Generated<string>;
}
export interface TradingCertificateTable {
  id: Generated<number>;
  serial: string;
  user_id: number;
  enterprise_id: number | null;
  subject: string;
  public_key: string;
  issuer: string;
  not_before: Date;
  not_after: Date;
  ca_signature: string;
  revoked_at: NullableTimestamp;
  revoke_reason: string | null;
  created_at: Timestamp;
}
export interface TradingRoomTable {
  id: Generated<number>;
  centre_id: number;
  name: string;
  purpose: 'opening' | 'evaluation';
}
export interface TradingProjectTable {
  id: Generated<string>;
  number: string;
  centre_id: number;
  title: string;
  category: TradingCategory;
  tenderer_id: number;
  agency_user_id: number | null;
  created_by: number;
  budget: number;
  qualifications: Json<string[]>;
  evaluation_method: 'comprehensive' | 'lowest_price';
  criteria: Json<{ name: string; maxPoints: number }[]>;
  status: Generated<TradingProjectStatus>;
  review_note: string | null;
  documents_from: string | null;
  bid_deadline: Date | null;
  evaluation_at: Date | null;
  created_at: Timestamp;
}
export interface TradingLotTable {
  id: Generated<number>;
  project_id: string;
  number: number;
  name: string;
  budget: number;
}
export interface TradingBookingTable {
  id: Generated<number>;
  room_id: number;
  project_id: string;
  purpose: 'opening' | 'evaluation';
  starts_at: Date;
  ends_at: Date;
}
export interface TradingPublicationTable {
  id: Generated<number>;
  project_id: string;
  kind: TradingPublicationKind;
  title: string;
  body: string;
  data: Json<Record<string, unknown>>;
  published_at: Timestamp;
  publicity_ends_at: Date | null;
  signature: string | null;
}
export interface TradingBidTable {
  id: Generated<string>;
  project_id: string;
  lot_id: number;
  enterprise_id: number;
  certificate_id: number;
  status: Generated<TradingBidStatus>;
  ciphertext: Buffer;
  iv: string;
  sealed_key: string;
  ciphertext_sm3: string;
  plaintext_sm3: string;
  signature: string;
  submitted_at: Timestamp;
  ip: string;
  closed_at: NullableTimestamp;
  price: number | null;
  duration_days: number | null;
  content: Json<Record<string, unknown>> | null;
}
export interface TradingExpertTable {
  id: Generated<number>;
  user_id: number | null;
  name: string;
  id_hash: string;
  id_masked: string;
  specialities: string[];
  region_code: string;
  employer_credit_code: string | null;
  employer_name: Generated<string>;
  status: Generated<'active' | 'suspended'>;
}
export interface TradingDrawTable {
  id: Generated<string>;
  project_id: string;
  requested_by: number;
  request: Json<Record<string, unknown>>;
  threshold: number;
  status: Generated<'sealed' | 'revealed'>;
  ciphertext: Buffer;
  iv: string;
  pool_sm3: string;
  created_at: Timestamp;
  revealed_at: NullableTimestamp;
  seed: string | null;
}
export interface TradingDrawShareTable {
  draw_id: string;
  holder_user_id: number;
  share_x: number;
  sealed_share: string;
  presented_share: string | null;
  presented_at: NullableTimestamp;
}
export interface TradingDrawMemberTable {
  draw_id: string;
  expert_id: number;
  speciality: string;
  position: number;
  role: 'member' | 'reserve';
  status: 'notified' | 'accepted' | 'declined' | 'standby' | 'called';
  replaces: number | null;
}
export interface TradingScoreTable {
  bid_id: string;
  expert_id: number;
  criterion: string;
  points: number;
  scored_at: Timestamp;
}
export interface TradingReportTable {
  id: Generated<number>;
  project_id: string;
  content: Json<Record<string, unknown>>;
  digest: string;
  signatures: Json<Record<string, string>>;
  created_at: Timestamp;
}
export interface TradingObjectionTable {
  id: Generated<number>;
  project_id: string;
  enterprise_id: number;
  text: string;
  raised_at: Timestamp;
  answer: string | null;
  answered_at: NullableTimestamp;
  answered_by: number | null;
}
export interface TradingAwardTable {
  id: Generated<number>;
  project_id: string;
  lot_id: number;
  bid_id: string;
  enterprise_id: number;
  price: number;
  notice_number: string;
  digest: string;
  signature: string;
  issued_at: Timestamp;
  /** The electronic seal that signed the notice (null: signed before seals, with the centre's platform key). */
  seal_id: number | null;
}
export interface TradingCentreSealTable {
  centre_id: number;
  department_id: number;
}
export interface TradingWarningTable {
  id: Generated<number>;
  project_id: string | null;
  rule: string;
  summary: string;
  evidence: Json<Record<string, unknown>>;
  dedup_key: string;
  raised_at: Timestamp;
}
export interface TradingBlacklistTable {
  id: Generated<number>;
  credit_code: string;
  name: string;
  reason: string;
  source: 'centre' | 'court' | 'other_city';
  source_name: string;
  starts_on: string;
  ends_on: string | null;
  created_by: number | null;
  created_at: Timestamp;
}
export interface TradingPartnerTable {
  id: Generated<number>;
  name: string;
  region_code: string;
  public_key: string;
}

// --- identity and tamper evidence (harden-trust) ---

export interface RegistrationRequestTable {
  id: string;
  kind: 'new' | 'claim' | 'taken';
  existing_user_id: number | null;
  username: string;
  password_hash: string;
  display_name: string;
  applicant_kind: ApplicantKind;
  identity_number: string;
  phone: string;
  code_hash: Buffer | null;
  attempts: Generated<number>;
  created_at: Timestamp;
  expires_at: Timestamp;
  consumed_at: NullableTimestamp;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  user_id: number;
  code_hash: Buffer;
  used_at: NullableTimestamp;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  user_id: number;
  password_hash: string;
  changed_at: Timestamp;
}

export interface LoginChallengeTable {
  token_hash: Buffer;
  user_id: number;
  expires_at: Timestamp;
  attempts: Generated<number>;
}

export interface AccessLogTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: number | null;
  method: string;
  route: string;
  status: number;
  ip: string | null;
  ms: number;
}

export interface AuditLedgerPendingTable {
  event_id: number;
}

export interface AuditLedgerTable {
  position: number;
  event_id: number;
  case_id: string;
  seq: number;
  event_hash: Buffer;
  chain_hash: Buffer;
  sealed_at: Timestamp;
}

// ---- licences, seals, reuse, archive (issue 16) ----

export type SealStatus = 'active' | 'retired' | 'revoked';

/** 电子印章: a department's SM2 key pair; the private key only encrypted. */
export interface DepartmentSealTable {
  id: Generated<number>;
  department_id: number;
  code: string;
  name: string;
  /** Uncompressed SM2 public key, hex (04 || x || y). */
  public_key: string;
  private_key_enc: Buffer;
  valid_from: Timestamp;
  valid_to: NullableTimestamp;
  status: Generated<SealStatus>;
  retired_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  revoked_reason: string | null;
  created_at: Timestamp;
  created_by: number | null;
}

/** One data field of a licence type and where its value comes from. */
export interface LicenceField {
  key: string;
  label: string;
  /** The case form's field that fills it; absent = typed in by the issuer or left blank. */
  formKey?: string;
}

/** The printable face (照面). */
export interface LicenceLayout {
  orientation: 'portrait' | 'landscape';
  /** Border and title colour. */
  accent: string;
  /** Small print under the fields (e.g. 发证机关提示). */
  footnote?: string;
}

export interface LicenceTypeTable {
  id: Generated<number>;
  code: string;
  name: string;
  department_id: number;
  holder_kind: 'natural' | 'legal' | 'both';
  number_prefix: string;
  fields: ColumnType<LicenceField[], string | undefined, string>;
  validity_years: number | null;
  layout: ColumnType<LicenceLayout, string | undefined, string>;
  status: Generated<'active' | 'disabled'>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LicenceTypeItemTable {
  licence_type_id: number;
  item_id: number;
}

export type LicenceStatus = 'valid' | 'superseded' | 'suspended' | 'cancelled' | 'revoked';

export interface LicenceTable {
  id: string;
  identifier: string;
  number: string;
  version: number;
  root_id: string;
  previous_id: string | null;
  type_id: number;
  holder_user_id: number | null;
  holder_name: string;
  holder_code: string;
  holder_code_type: '111' | '001';
  issuer_department_id: number;
  case_id: string | null;
  data: ColumnType<Record<string, string>, string, string>;
  issued_on: ColumnType<string, string, string>;
  valid_from: ColumnType<string, string, string>;
  valid_to: ColumnType<string | null, string | null, string | null>;
  status: Generated<LicenceStatus>;
  status_reason: string | null;
  status_changed_at: NullableTimestamp;
  seal_id: number;
  signed_at: Timestamp;
  signed_data: Buffer;
  data_signature: Buffer;
  pdf: Buffer;
  pdf_sm3: Buffer;
  pdf_signature: Buffer;
  created_at: Timestamp;
}

export interface LicenceSerialTable {
  issuer_department_id: number;
  day: ColumnType<string, string, string>;
  last: number;
}

export interface LicenceEventTable {
  id: Generated<number>;
  licence_id: string;
  at: Timestamp;
  actor_id: number | null;
  action: string;
  reason: string | null;
  detail: Json<Record<string, unknown>>;
}

export interface CaseLicenceUseTable {
  id: Generated<number>;
  case_id: string;
  material_name: string;
  kind: 'licence' | 'government';
  licence_id: string | null;
  authorised_by: number;
  authorised_at: Timestamp;
}

export interface CaseCommitmentTable {
  id: Generated<number>;
  case_id: string;
  material_name: string;
  statement: string;
  signed_by: number;
  signed_at: Timestamp;
  check_status: Generated<'pending' | 'confirmed' | 'false'>;
  checked_by: number | null;
  checked_at: NullableTimestamp;
  check_note: string | null;
}

export interface ItemRetentionTable {
  item_id: number;
  years: number | null;
}

export interface ArchiveManifestEntry {
  path: string;
  bytes: number;
  sm3: string;
}

export interface CaseArchiveTable {
  case_id: string;
  archived_at: Timestamp;
  folder: string;
  manifest: ColumnType<ArchiveManifestEntry[], string, string>;
  manifest_sm3: Buffer;
  retention_years: number | null;
  retain_until: ColumnType<string | null, string | null, string | null>;
  destruction_decision: 'destroy' | 'extend' | null;
  destruction_reason: string | null;
  decided_by: number | null;
  decided_at: NullableTimestamp;
}

export interface LicenceShareReadTable {
  id: Generated<number>;
  at: Timestamp;
  reader_id: number;
  reader_department_id: number | null;
  holder_code_sm3: Buffer;
  purpose: string;
  basis: 'authorisation' | 'legal';
  basis_ref: string;
  licence_ids: string[];
}

// ---- joint approval (联办件, 工程建设项目, 全程代办): modules/joint, modules/projects, modules/agency ----

/** 一表通 field of a bundle's one form (the catalogue's form field). */
export interface BundleMaterial {
  key: string;
  name: string;
  /** Member items that need it: uploaded once for all. */
  itemIds: number[];
}

export interface BundleTable {
  id: Generated<number>;
  centre_id: number;
  code: string;
  name: string;
  description: Generated<string>;
  kind: Generated<'bundle' | 'stage'>;
  stage_no: number | null;
  target: Generated<'natural' | 'legal' | 'both'>;
  promised_limit_days: number;
  legal_limit_days: Generated<number>;
  max_extension_workdays: Generated<number>;
  form_fields: ColumnType<FormField[], string | undefined, string>;
  materials: ColumnType<BundleMaterial[], string | undefined, string>;
  result_kind: 'business_licence' | null;
  status: Generated<'draft' | 'published' | 'suspended'>;
  created_at: Timestamp;
}

export interface BundleItemTable {
  bundle_id: number;
  item_id: number;
  position: number;
  required: Generated<boolean>;
  condition_field: string | null;
  condition_value: string | null;
  field_map: ColumnType<Record<string, string>, string | undefined, string>;
}

export type JointStatus = 'submitted' | 'correction_required' | 'accepted' | 'refused' | 'completed' | 'withdrawn';

export interface JointCorrection {
  openedAt: string;
  requests: { caseId: string; departmentName: string; itemName: string; missing: string[] }[];
}

export interface JointApplicationTable {
  id: Generated<string>;
  number: string;
  bundle_id: number;
  centre_id: number;
  region_code: string;
  applicant_id: number;
  agent_id: number | null;
  authorisation_id: number | null;
  project_id: number | null;
  channel: 'online' | 'window';
  status: JointStatus;
  form_data: ColumnType<Record<string, unknown>, string, string>;
  item_ids: number[];
  priority: Generated<boolean>;
  promised_limit_days: number;
  legal_limit_days: number;
  max_extension_workdays: number;
  submitted_at: Timestamp;
  accepted_at: NullableTimestamp;
  accepted_by: number | null;
  due_date: string | null;
  legal_due_date: string | null;
  warn_date: string | null;
  extension_workdays: Generated<number>;
  stopped_workdays: Generated<number>;
  completed_at: NullableTimestamp;
  issued_by: number | null;
  result: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  refusal_reason: string | null;
  correction: ColumnType<JointCorrection | null, string | null | undefined, string | null>;
  updated_at: Timestamp;
}

export interface JointEventTable {
  id: Generated<number>;
  joint_application_id: string;
  at: Timestamp;
  actor_id: number | null;
  actor_role: string;
  on_behalf_of: number | null;
  action: string;
  note: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface JointExtensionTable {
  id: Generated<number>;
  joint_application_id: string;
  workdays: number;
  reason: string;
  requested_by: number;
  requested_at: Timestamp;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  decided_by: number | null;
  decided_at: NullableTimestamp;
  note: string | null;
}

export interface ProjectTable {
  id: Generated<number>;
  code: string;
  name: string;
  centre_id: number;
  region_code: string;
  owner_id: number;
  owner_name: string;
  location: string;
  investment_wan: ColumnType<number, string | number, string | number>;
  industry_code: string;
  key_project: Generated<boolean>;
  agent_id: number | null;
  limit_days: number;
  created_at: Timestamp;
}

export interface ProjectStageTable {
  project_id: number;
  stage_no: number;
  bundle_id: number;
  limit_days: number;
  status: Generated<'waiting' | 'open' | 'completed'>;
  joint_application_id: string | null;
  commitment: string | null;
  opened_at: NullableTimestamp;
  completed_at: NullableTimestamp;
}

export interface JointReviewTable {
  id: Generated<number>;
  project_id: number;
  kind: 'drawing_review' | 'completion_acceptance';
  title: string;
  held_on: string;
  created_by: number;
  created_at: Timestamp;
  closed_at: NullableTimestamp;
}

export interface JointReviewOpinionTable {
  review_id: number;
  department_id: number;
  conclusion: 'pass' | 'pass_with_conditions' | 'fail' | null;
  opinion: string | null;
  signed_by: number | null;
  signed_at: NullableTimestamp;
}

export interface JointMeetingTable {
  id: Generated<number>;
  centre_id: number;
  title: string;
  held_on: string;
  department_ids: number[];
  project_ids: ColumnType<number[], number[] | undefined, number[]>;
  minutes: string;
  created_by: number;
  created_at: Timestamp;
}

export interface JointMeetingDecisionTable {
  meeting_id: number;
  case_id: string;
  decision: 'approve' | 'deny';
  decided_by: number;
  opinion: string;
}

export interface AgentAuthorisationTable {
  id: Generated<number>;
  agent_id: number;
  applicant_id: number;
  scope: string[];
  scope_note: Generated<string>;
  valid_from: string;
  valid_until: string;
  letter_path: string;
  letter_mime: string;
  letter_sha256: string;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
  revoke_reason: string | null;
}

export interface AgentStepTable {
  id: Generated<number>;
  authorisation_id: number;
  agent_id: number;
  applicant_id: number;
  at: Timestamp;
  action: string;
  summary: string;
  joint_application_id: string | null;
}
/* ---- The hall at work (appointments, queue, discipline, assessment) ---- */

/** 业务类别: what a visitor picks at the ticket kiosk or when booking; served by a window group. */
export interface HallCategoryTable {
  id: Generated<number>;
  centre_id: number;
  prefix: string;
  name: string;
  department_ids: ColumnType<number[], number[] | undefined, number[]>;
  active: Generated<boolean>;
}

export interface HallCategoryWindowTable {
  category_id: number;
  window_id: number;
}

export type SlotKind = 'regular' | 'extended' | 'weekend';

/** 预约时段 with its capacity; regular, 延时服务 (extended) or "365" weekend. */
export interface AppointmentSlotTable {
  id: Generated<number>;
  centre_id: number;
  category_id: number;
  day: ColumnType<string, string, string>;
  starts_at: Date;
  ends_at: Date;
  kind: SlotKind;
  capacity: number;
  booked: Generated<number>;
}

export type AppointmentStatus = 'booked' | 'checked_in' | 'cancelled' | 'no_show';

export interface AppointmentTable {
  id: Generated<number>;
  slot_id: number;
  applicant_id: number;
  item_id: number;
  code: string;
  status: Generated<AppointmentStatus>;
  created_at: Timestamp;
  updated_at: Timestamp;
  checked_in_at: NullableTimestamp;
  reminded_at: NullableTimestamp;
}

export type TicketStatus = 'waiting' | 'called' | 'done' | 'skipped' | 'abandoned';
export type TicketPriorityReason = 'appointment' | 'elderly' | 'disabled' | 'green_channel' | 'transfer';

export interface QueueTicketTable {
  id: Generated<number>;
  centre_id: number;
  category_id: number;
  day: ColumnType<string, string, string>;
  number: string;
  priority: Generated<number>;
  priority_reason: TicketPriorityReason | null;
  appointment_id: number | null;
  applicant_id: number | null;
  token: string;
  status: Generated<TicketStatus>;
  target_window_id: number | null;
  window_id: number | null;
  clerk_id: number | null;
  issued_at: Timestamp;
  queued_at: Timestamp;
  first_called_at: NullableTimestamp;
  called_at: NullableTimestamp;
  call_count: Generated<number>;
  completed_at: NullableTimestamp;
  case_id: string | null;
  window_service_id: string | null;
}

export interface QueueCounterTable {
  category_id: number;
  day: string;
  last_value: number;
}

export type QueueAction = 'issue' | 'check_in' | 'call' | 'recall' | 'skip' | 'transfer' | 'complete' | 'abandon';

export interface QueueEventTable {
  id: Generated<number>;
  ticket_id: number;
  at: Timestamp;
  action: QueueAction;
  window_id: number | null;
  actor_id: number | null;
  detail: Json<Record<string, unknown>>;
}

/** 纪律规定 with its deduction in the assessment. */
export interface DisciplineRuleTable {
  id: Generated<number>;
  centre_id: number;
  code: string;
  title: string;
  points: ColumnType<number, number | undefined, number>;
  active: Generated<boolean>;
}

export type FindingStatus = 'open' | 'explained' | 'confirmed' | 'dismissed';

/** 巡查发现: recorded by an inspector only. */
export interface InspectionFindingTable {
  id: Generated<number>;
  centre_id: number;
  window_id: number | null;
  person_id: number | null;
  rule_id: number;
  note: Generated<string>;
  photo: Buffer | null;
  photo_type: 'image/jpeg' | 'image/png' | null;
  found_by: number;
  found_at: Timestamp;
  status: Generated<FindingStatus>;
  explanation: string | null;
  explained_at: NullableTimestamp;
  decided_by: number | null;
  decided_at: NullableTimestamp;
  decision_note: string | null;
}

export interface DutyRosterTable {
  centre_id: number;
  day: string;
  floor: string;
  user_id: number;
  assigned_by: number | null;
}

export interface WindowAttendanceTable {
  id: Generated<number>;
  user_id: number;
  window_id: number;
  day: string;
  signed_in_at: Timestamp;
  signed_out_at: NullableTimestamp;
}

export interface WindowClosureFlagTable {
  id: Generated<number>;
  window_id: number;
  user_id: number | null;
  flagged_at: Timestamp;
  waiting: number;
  categories: string;
}

export interface AssessmentSchemeTable {
  centre_id: number;
  indicators: ColumnType<unknown, string, string>;
  window_awards: Generated<number>;
  person_awards: Generated<number>;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface AssessmentRunTable {
  id: Generated<number>;
  centre_id: number;
  month: string;
  scheme: ColumnType<unknown, string, string>;
  status: Generated<'draft' | 'confirmed' | 'published'>;
  computed_by: number | null;
  computed_at: Timestamp;
  confirmed_by: number | null;
  confirmed_at: NullableTimestamp;
  published_at: NullableTimestamp;
}

export interface AssessmentScoreTable {
  id: Generated<number>;
  run_id: number;
  subject_type: 'window' | 'person';
  subject_id: number;
  name: string;
  department_id: number | null;
  total: ColumnType<number, number, number>;
  rank: number;
  proposed: Generated<boolean>;
  awarded: Generated<boolean>;
  indicators: ColumnType<unknown, string, string>;
}

export type VisitStatus = 'requested' | 'accepted' | 'declined' | 'assigned' | 'visited' | 'closed';
export type VisitReason = 'elderly' | 'disabled' | 'sick' | 'key_enterprise' | 'other';

/** 上门服务 request and its course. */
export interface HomeVisitTable {
  id: Generated<number>;
  centre_id: number;
  applicant_id: number | null;
  contact_name: string;
  contact_phone: string;
  address: string;
  reason: VisitReason;
  item_id: number | null;
  description: Generated<string>;
  status: Generated<VisitStatus>;
  triage_note: string | null;
  triaged_by: number | null;
  triaged_at: NullableTimestamp;
  assignee_id: number | null;
  visit_date: string | null;
  visit_record: string | null;
  visited_at: NullableTimestamp;
  created_by: number | null;
  created_at: Timestamp;
}

export interface HomeVisitCaseTable {
  visit_id: number;
  case_id: string;
}

/** 五公开: a staff member as the disclosure board shows them. */
export interface StaffProfileTable {
  user_id: number;
  staff_number: Generated<string>;
  duties: Generated<string>;
  photo: Buffer | null;
  photo_type: 'image/jpeg' | 'image/png' | null;
  updated_at: Timestamp;
}

/* ---- end of the hall block ---- */

export interface DB {
  regions: RegionTable;
  centres: CentreTable;
  departments: DepartmentTable;
  windows: WindowTable;
  users: UserTable;
  sessions: SessionTable;
  login_failures: LoginFailureTable;
  audit_events: AuditEventTable;
  service_items: ServiceItemTable;
  service_item_versions: ServiceItemVersionTable;
  cases: CaseTable;
  case_numbers: CaseNumberTable;
  stats_daily: StatsDailyTable;
  stats_monthly: StatsMonthlyTable;
  stats_daily_regions: StatsDailyRegionTable;
  stats_rolled_months: StatsRolledMonthTable;
  stats_rolled_days: StatsRolledDayTable;
  case_events: CaseEventTable;
  idempotency_keys: IdempotencyKeyTable;
  case_clock_stops: CaseClockStopTable;
  case_extensions: CaseExtensionTable;
  case_materials: CaseMaterialTable;
  case_material_checks: CaseMaterialCheckTable;
  case_deferred_materials: CaseDeferredMaterialTable;
  staged_materials: StagedMaterialTable;
  service_item_codes: ServiceItemCodeTable;
  notifications: NotificationTable;
  outbox: OutboxTable;
  calendar_years: CalendarYearTable;
  calendar_days: CalendarDayTable;
  calendar_version: CalendarVersionTable;
  settings: SettingTable;
  application_drafts: ApplicationDraftTable;
  directives: DirectiveTable;
  window_services: WindowServiceTable;
  ratings: RatingTable;
  centre_rating_indicators: CentreRatingIndicatorTable;
  rectifications: RectificationTable;
  inquiries: InquiryTable;
  feed_pending: FeedPendingTable;
  feed_log: FeedLogTable;
  feed_subscribers: FeedSubscriberTable;
  trading_events: TradingEventTable;
  trading_chain_head: TradingChainHeadTable;
  trading_keys: TradingKeyTable;
  trading_enterprises: TradingEnterpriseTable;
  trading_people: TradingPersonTable;
  trading_certificates: TradingCertificateTable;
  trading_rooms: TradingRoomTable;
  trading_projects: TradingProjectTable;
  trading_lots: TradingLotTable;
  trading_bookings: TradingBookingTable;
  trading_publications: TradingPublicationTable;
  trading_bids: TradingBidTable;
  trading_experts: TradingExpertTable;
  trading_draws: TradingDrawTable;
  trading_draw_shares: TradingDrawShareTable;
  trading_draw_members: TradingDrawMemberTable;
  trading_scores: TradingScoreTable;
  trading_reports: TradingReportTable;
  trading_objections: TradingObjectionTable;
  trading_awards: TradingAwardTable;
  trading_centre_seals: TradingCentreSealTable;
  trading_warnings: TradingWarningTable;
  trading_blacklist: TradingBlacklistTable;
  trading_partners: TradingPartnerTable;
  registration_requests: RegistrationRequestTable;
  audit_ledger_pending: AuditLedgerPendingTable;
  audit_ledger: AuditLedgerTable;
  recovery_codes: RecoveryCodeTable;
  password_history: PasswordHistoryTable;
  login_challenges: LoginChallengeTable;
  access_log: AccessLogTable;
  department_seals: DepartmentSealTable;
  licence_types: LicenceTypeTable;
  licence_type_items: LicenceTypeItemTable;
  licences: LicenceTable;
  licence_serials: LicenceSerialTable;
  licence_events: LicenceEventTable;
  case_licence_uses: CaseLicenceUseTable;
  case_commitments: CaseCommitmentTable;
  item_retention: ItemRetentionTable;
  case_archives: CaseArchiveTable;
  licence_share_reads: LicenceShareReadTable;
  bundles: BundleTable;
  bundle_items: BundleItemTable;
  joint_applications: JointApplicationTable;
  joint_events: JointEventTable;
  joint_extensions: JointExtensionTable;
  projects: ProjectTable;
  project_stages: ProjectStageTable;
  joint_reviews: JointReviewTable;
  joint_review_opinions: JointReviewOpinionTable;
  joint_meetings: JointMeetingTable;
  joint_meeting_decisions: JointMeetingDecisionTable;
  agent_authorisations: AgentAuthorisationTable;
  agent_steps: AgentStepTable;
  hall_categories: HallCategoryTable;
  hall_category_windows: HallCategoryWindowTable;
  appointment_slots: AppointmentSlotTable;
  appointments: AppointmentTable;
  queue_tickets: QueueTicketTable;
  queue_counters: QueueCounterTable;
  queue_events: QueueEventTable;
  discipline_rules: DisciplineRuleTable;
  inspection_findings: InspectionFindingTable;
  duty_roster: DutyRosterTable;
  window_attendance: WindowAttendanceTable;
  window_closure_flags: WindowClosureFlagTable;
  assessment_schemes: AssessmentSchemeTable;
  assessment_runs: AssessmentRunTable;
  assessment_scores: AssessmentScoreTable;
  home_visits: HomeVisitTable;
  home_visit_cases: HomeVisitCaseTable;
  staff_profiles: StaffProfileTable;
}

// ---- network: the four-level network (regions to villages, centres at every level, 进驻, 通办, 代办点)

export type RegionLevel = RegionTable['level'];
/** 市/县 政务服务中心, 分中心, 乡镇（街道）便民服务中心, 村（社区）便民服务站, 村代办点 */
export type CentreKind = 'centre' | 'branch' | 'town_centre' | 'village_station' | 'agency_point';
/** 全程办 (decided there), 收件转报 (accepted there, decided above), 代办 (an agent applies). */
export type OfferMode = 'full' | 'forward' | 'agency';

export interface RegionTable {
  /** 统计用区划代码: all 12 digits, for every level (generated from `code`). */
  stat_code: ColumnType<string, never, never>;
}

export interface CentreTable {
  kind: Generated<CentreKind>;
  parent_centre_id: ColumnType<number | null, number | null | undefined, number | null>;
  hours: Generated<string>;
  functional_areas: ColumnType<string[], string | undefined, string>;
  active: Generated<boolean>;
  public_note: Generated<string>;
}

export interface WindowTable {
  kind: Generated<'comprehensive' | 'department'>;
  department_id: ColumnType<number | null, number | null | undefined, number | null>;
  active: Generated<boolean>;
}

export interface UserTable {
  /** 首席代表: may decide the items in chief_representative_items on the spot. */
  chief_representative: Generated<boolean>;
}

/** 进驻: a department serving in a centre, from `entered_at` until `left_at`. */
export interface CentreDepartmentTable {
  id: Generated<number>;
  centre_id: number;
  department_id: number;
  entered_at: Timestamp;
  left_at: NullableTimestamp;
}

export interface WindowItemTable {
  window_id: number;
  item_id: number;
}

export interface ChiefRepresentativeItemTable {
  user_id: number;
  item_id: number;
}

export interface ItemLevelModeTable {
  item_id: number;
  level: Exclude<RegionLevel, 'province'>;
  mode: OfferMode;
  /** On the guiding list for this level (应进必进). */
  guiding: Generated<boolean>;
}

export interface CentreItemTable {
  centre_id: number;
  item_id: number;
  mode: OfferMode;
  since: Timestamp;
}

export interface DB {
  centre_departments: CentreDepartmentTable;
  window_items: WindowItemTable;
  chief_representative_items: ChiefRepresentativeItemTable;
  item_level_modes: ItemLevelModeTable;
  centre_items: CentreItemTable;
}

export interface TongbanItemTable {
  item_id: number;
  added_by: number | null;
  added_at: Timestamp;
}

/** 收受分离: received here, decided there; where the applicant takes the result. */
export interface CaseReceptionTable {
  case_id: string;
  receiving_centre_id: number;
  receiving_region_code: string;
  deciding_region_code: string;
  received_by: number;
  delivery: 'post' | 'collect';
  pickup_centre_id: number | null;
  created_at: Timestamp;
}

export interface VillageAgencyConsentTable {
  id: Generated<number>;
  point_id: number;
  agent_id: number;
  applicant_id: number;
  item_id: number;
  kind: 'signature' | 'sms';
  signature_png: Buffer | null;
  sms_code_hash: Buffer | null;
  sms_attempts: Generated<number>;
  confirmed_at: NullableTimestamp;
  used_by_case: string | null;
  created_at: Timestamp;
}

export interface VillageAgencyApplicationTable {
  case_id: string;
  point_id: number;
  agent_id: number;
  consent_id: number;
  handed_back_at: NullableTimestamp;
  handed_back_note: string | null;
  created_at: Timestamp;
}

export interface DB {
  tongban_items: TongbanItemTable;
  case_receptions: CaseReceptionTable;
  village_agency_consents: VillageAgencyConsentTable;
  village_agency_applications: VillageAgencyApplicationTable;
}

/** 统一身份认证: an identity provider's account (issuer + subject) linked to a local account. */
export interface UserIdentityTable {
  issuer: string;
  subject: string;
  user_id: number;
  linked_at: Timestamp;
  last_login_at: Timestamp;
}

/** An OpenID Connect login in progress: what the callback must find again (state, PKCE, nonce). */
export interface OidcLoginRequestTable {
  state: string;
  code_verifier: string;
  nonce: string;
  kind: ApplicantKind;
  return_to: string;
  created_at: Timestamp;
}

export type EnterpriseMemberRole = 'legal_rep' | 'handler';

/** 法定代表人 / 经办人: a person acting for an enterprise account. */
export interface EnterpriseMemberTable {
  id: Generated<number>;
  enterprise_id: number;
  person_id: number;
  role: EnterpriseMemberRole;
  added_by: number | null;
  added_at: Timestamp;
  removed_by: number | null;
  removed_at: NullableTimestamp;
}

/** One line of an item's 收费标准, computable: fixed, per unit of a form field, or by a form field's option. */
export interface FeeRuleLine {
  name: string;
  kind: 'fixed' | 'per_unit' | 'by_option';
  /** fixed: the amount; per_unit: the amount per unit; by_option: the amount when no option matches (0 = none). */
  amountFen: number;
  /** per_unit: the number field counted; by_option: the select field read. */
  field?: string;
  /** by_option: amount per option text. */
  options?: Record<string, number>;
  unit?: string;
  basis: string;
}

export interface ItemFeeRuleTable {
  item_id: number;
  lines: ColumnType<FeeRuleLine[], string, string>;
  updated_by: number | null;
  updated_at: Timestamp;
}

/** A computed line of a 缴款通知书. */
export interface FeeNoticeLine {
  name: string;
  quantity: number;
  unitFen: number;
  amountFen: number;
  basis: string;
}

export interface FeeNoticeTable {
  id: string;
  case_id: string;
  number: string;
  payment_code: string;
  amount_fen: number;
  lines: ColumnType<FeeNoticeLine[], string, string>;
  status: ColumnType<'unpaid' | 'paid' | 'exempted', 'unpaid' | 'paid' | 'exempted' | undefined, 'unpaid' | 'paid' | 'exempted'>;
  department_id: number;
  centre_id: number;
  region_code: string;
  issued_at: Timestamp;
  paid_at: NullableTimestamp;
  gateway: string | null;
  gateway_txn: string | null;
  exempted_at: NullableTimestamp;
  exempted_by: number | null;
  exempt_reason: string | null;
}

export interface FeePaymentTable {
  id: string;
  notice_id: string;
  gateway: string;
  status: ColumnType<'pending' | 'succeeded' | 'failed', 'pending' | 'succeeded' | 'failed' | undefined, 'pending' | 'succeeded' | 'failed'>;
  amount_fen: number;
  gateway_txn: string | null;
  created_at: Timestamp;
  completed_at: NullableTimestamp;
}

export interface DB {
  item_fee_rules: ItemFeeRuleTable;
  fee_notices: FeeNoticeTable;
  fee_payments: FeePaymentTable;
  user_identities: UserIdentityTable;
  oidc_login_requests: OidcLoginRequestTable;
  enterprise_members: EnterpriseMemberTable;
}

/** 机关代字 of a department's document numbers (梅市监). */
export interface DepartmentDocAbbreviationTable {
  department_id: number;
  abbreviation: string;
  updated_by: number | null;
  updated_at: Generated<Date>;
}

/** 决定书文号 counter: one gapless series per deciding organ and year. */
export interface DecisionNumberSeriesTable {
  department_id: number;
  year: number;
  last: number;
}

/** 相对集中行政许可权: the 行政审批局 that decides in place of the listed departments. */
export interface CentreDecisionSettingsTable {
  centre_id: number;
  approval_bureau_id: number | null;
  concentrated_department_ids: ColumnType<number[], number[] | undefined, number[]>;
  updated_by: number | null;
  updated_at: Generated<Date>;
}

/** A sealed notice or decision of a case (文书), as handed out. */
export interface CaseDocumentTable {
  id: string;
  case_id: string;
  kind: string;
  source_seq: number;
  title: string;
  number: string;
  issuer_department_id: number;
  issued_on: ColumnType<string, string, string>;
  seal_id: number;
  signed_at: Date;
  signed_data: Buffer;
  data_signature: Buffer;
  pdf: Buffer;
  pdf_sm3: Buffer;
  pdf_signature: Buffer;
  created_at: Generated<Date>;
}

export interface DB {
  department_doc_abbreviations: DepartmentDocAbbreviationTable;
  decision_number_series: DecisionNumberSeriesTable;
  centre_decision_settings: CentreDecisionSettingsTable;
  case_documents: CaseDocumentTable;
}

// --- harden-ops: training clock scope (演练时钟) ---
export interface TrainingEventTable {
  id: Generated<number>;
  kind: 'warn_yellow' | 'warn_red' | 'directive_escalated';
  case_id: string | null;
  directive_id: number | null;
  as_of: string;
  recipients: number[];
  title: string;
  body: string;
  sms: boolean;
  run_by: number;
  created_at: Generated<Date>;
}

export interface DB {
  training_events: TrainingEventTable;
}

// ---- network-joint: shared joint materials, stored ranking weights

/** 材料一次提交: one upload for a joint application, attached to every child case that needs it. */
export interface JointMaterialTable {
  id: string;
  joint_application_id: string;
  name: string;
  original_name: string;
  content_type: MaterialContentType;
  size_bytes: number;
  sm3: Buffer;
  uploaded_by: number;
  uploaded_at: Timestamp;
}

export interface CaseMaterialTable {
  /** The joint upload this child case's material was copied from, if any. */
  joint_material_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DB {
  joint_materials: JointMaterialTable;
}

/** 大屏密钥: a hall screen's key (only its SHA-256 is stored). */
export interface ScreenKeyTable {
  id: Generated<number>;
  centre_id: number;
  name: string;
  key_hash: Buffer;
  created_by: number | null;
  created_at: Timestamp;
  last_connected_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface DB {
  screen_keys: ScreenKeyTable;
}
