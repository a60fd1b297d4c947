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
}

export type Role = 'applicant' | 'clerk' | 'reviewer' | 'admin' | 'supervisor';
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
}

export interface SessionTable {
  token_hash: Buffer;
  user_id: number;
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

export interface CaseTable {
  id: Generated<string>;
  number: string;
  query_code: string;
  item_id: number;
  department_id: number;
  centre_id: number;
  region_code: string;
  applicant_id: number;
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
  updated_at: Timestamp;
}

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
}

export interface CaseNumberSequenceTable {
  region_code: string;
  day: string;
  last_value: number;
}

export type LimitUnitColumn = 'workday' | 'natural_day' | 'hour' | 'on_the_spot';
export type ClockStopKind = 'correction' | 'hearing' | 'testing' | 'expert_review' | 'inspection' | 'other';

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

export interface IdempotencyKeyTable {
  applicant_id: number;
  key: string;
  request_hash: Buffer;
  case_id: string;
  created_at: Timestamp;
}

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
  cases: CaseTable;
  case_events: CaseEventTable;
  case_number_sequences: CaseNumberSequenceTable;
  idempotency_keys: IdempotencyKeyTable;
  case_clock_stops: CaseClockStopTable;
  case_extensions: CaseExtensionTable;
}
