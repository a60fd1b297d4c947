import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely's view of the intermediary supermarket's tables (migration 202612011902), merged into the
 * project's one `DB` interface so that the module's tables live beside its code.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | undefined, string>;

export type DayUnit = 'workday' | 'natural_day';
export type IntermediaryStatus = 'pending' | 'approved' | 'rejected' | 'suspended' | 'blacklisted';
export type SelectionMethod = 'random' | 'lowest_price' | 'quality_price' | 'direct';
export type AnnouncementStatus = 'open' | 'selected' | 'contracted' | 'failed' | 'cancelled';
export type SanctionKind = 'warning' | 'suspension' | 'blacklist';

/** 中介服务事项: one kind of intermediary service that approvals require. */
export interface IntermediaryServiceTypeTable {
  id: Generated<number>;
  code: string;
  name: string;
  legal_basis: string;
  fee_basis: string;
  usual_days: number;
  day_unit: Generated<DayUnit>;
  published: Generated<boolean>;
  created_at: Timestamp;
}

export interface IntermediaryServiceItemTable {
  service_type_id: number;
  item_id: number;
}

/** 中介机构 */
export interface IntermediaryTable {
  id: Generated<number>;
  credit_code: string;
  name: string;
  presence: 'online' | 'hall';
  legal_representative: string;
  address: string;
  phone: string;
  contact_name: string;
  introduction: Generated<string>;
  offices: Json<{ address: string; phone: string }[]>;
  status: Generated<IntermediaryStatus>;
  review_note: string | null;
  reviewed_by: number | null;
  reviewed_at: NullableTimestamp;
  sanction_ends_on: string | null;
  account_user_id: number | null;
  region_code: string;
  created_at: Timestamp;
}

export interface IntermediaryQualificationTable {
  id: Generated<number>;
  intermediary_id: number;
  service_type_id: number;
  certificate_number: string;
  grade: Generated<string>;
  valid_from: string;
  valid_to: string;
  fee_standard: string;
  status: Generated<'active' | 'expired' | 'suspended'>;
}

export interface IntermediaryStaffTable {
  id: Generated<number>;
  intermediary_id: number;
  name: string;
  title: string;
  certificate_number: string | null;
}

/** 选取公告 */
export interface IntermediaryAnnouncementTable {
  id: Generated<number>;
  number: string;
  owner_user_id: number;
  owner_kind: 'enterprise' | 'public_body';
  funding: 'own' | 'public';
  service_type_id: number;
  project_name: string;
  case_id: string | null;
  budget_ceiling: number;
  service_days: number;
  day_unit: DayUnit;
  requirements: string;
  method: SelectionMethod;
  price_weight: ColumnType<string | null, number | null | undefined, number | null>;
  response_deadline: Timestamp;
  publicity_workdays: Generated<number>;
  status: Generated<AnnouncementStatus>;
  selected_response_id: number | null;
  draw_seed: string | null;
  selection_detail: ColumnType<unknown, string | null | undefined, string | null>;
  selected_at: NullableTimestamp;
  publicity_ends_on: string | null;
  region_code: string;
  created_at: Timestamp;
}

export interface IntermediaryResponseTable {
  id: Generated<number>;
  announcement_id: number;
  intermediary_id: number;
  quote: number;
  promised_days: number;
  note: Generated<string>;
  status: Generated<'valid' | 'withdrawn'>;
  created_at: Timestamp;
}

export interface IntermediaryContractTable {
  id: Generated<number>;
  announcement_id: number;
  intermediary_id: number;
  owner_user_id: number;
  price: number;
  signed_on: string;
  promised_days: number;
  day_unit: DayUnit;
  due_date: string;
  warn_date: string;
  delivered_at: NullableTimestamp;
  delivered_on: string | null;
  report_file_id: string | null;
  report_name: string | null;
  report_sm3: Buffer | null;
  report_content_type: string | null;
  attached_case_id: string | null;
  status: Generated<'running' | 'delivered' | 'terminated'>;
  created_at: Timestamp;
}

export interface IntermediaryRatingTable {
  contract_id: number;
  level: number;
  comment: Generated<string>;
  rated_by: number;
  rated_at: Timestamp;
}

export interface IntermediaryComplaintTable {
  id: Generated<number>;
  intermediary_id: number;
  contract_id: number | null;
  complainant_id: number;
  content: string;
  upheld: boolean | null;
  finding: string | null;
  decided_by: number | null;
  decided_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface IntermediarySanctionTable {
  id: Generated<number>;
  intermediary_id: number;
  kind: SanctionKind;
  reason: string;
  starts_on: string;
  ends_on: string | null;
  decided_by: number;
  created_at: Timestamp;
}

export interface IntermediaryEventTable {
  id: Generated<string>;
  at: Timestamp;
  actor_id: number | null;
  actor_role: string;
  action: string;
  entity: string;
  entity_id: number | null;
  data: Json<Record<string, unknown>>;
  prev_hash: Buffer | null;
  hash: Buffer;
}

declare module '../../db/schema.js' {
  interface DB {
    intermediary_service_types: IntermediaryServiceTypeTable;
    intermediary_service_items: IntermediaryServiceItemTable;
    intermediaries: IntermediaryTable;
    intermediary_qualifications: IntermediaryQualificationTable;
    intermediary_staff: IntermediaryStaffTable;
    intermediary_announcements: IntermediaryAnnouncementTable;
    intermediary_responses: IntermediaryResponseTable;
    intermediary_contracts: IntermediaryContractTable;
    intermediary_ratings: IntermediaryRatingTable;
    intermediary_complaints: IntermediaryComplaintTable;
    intermediary_sanctions: IntermediarySanctionTable;
    intermediary_events: IntermediaryEventTable;
  }
}
