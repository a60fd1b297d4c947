import type { CaseStatus } from '../../db/schema.js';
import { ACTION_LABELS, STATUS_LABELS, STOP_KIND_LABELS, type CaseAction } from '../cases/state-machine.js';

/** One timeline row with what the provincial system needs to file it (joined in `repo.readFeed`). */
export interface FeedRow {
  position: number;
  id: number;
  seq: number;
  at: Date;
  action: string;
  from_status: CaseStatus | null;
  to_status: CaseStatus;
  actor_id: number | null;
  actor_role: string;
  data: Record<string, unknown>;
  hash: Buffer | null;
  prev_hash: Buffer | null;
  case_number: string;
  channel: 'online' | 'window';
  region_code: string;
  item_code: string;
  item_name: string;
  department_code: string;
  department_name: string;
}

/** Deadline fields of an event that moves (or judges) the legal clock; null where not applicable. */
export interface FeedClock {
  dueDate: string | null;
  legalDueDate: string | null;
  previousDueDate: string | null;
  provisional: boolean | null;
  stopKind: string | null;
  stopKindName: string | null;
  /** Working days this stop moved the deadline (on resume_clock). */
  stoppedWorkdays: number | null;
  /** Working days this extension added (on approve_extension). */
  extensionWorkdays: number | null;
}

/** The documented event object (README "E-supervision feed"), the same pulled and pushed. */
export interface FeedEvent {
  id: number;
  position: number;
  caseNumber: string;
  seq: number;
  action: string;
  actionName: string;
  at: string;
  fromStatus: CaseStatus | null;
  fromStatusName: string | null;
  toStatus: CaseStatus;
  toStatusName: string;
  actorRole: string;
  staffId: number | null;
  itemCode: string;
  itemName: string;
  departmentCode: string;
  departmentName: string;
  regionCode: string;
  channel: 'online' | 'window';
  clock: FeedClock | null;
  hash: string | null;
  prevHash: string | null;
}

/** Only these roles are staff; an applicant's user id is personal data and stays home. */
const STAFF_ROLES = new Set(['clerk', 'reviewer', 'supervisor', 'admin', 'department_head', 'government_head']);

/** Events that start, stop, resume, extend or recompute the deadline, and the warnings judged on it. */
const CLOCK_ACTIONS = new Set(['accept', 'deem_accept', 'stop_clock', 'resume_clock', 'approve_extension', 'recompute_deadline', 'warn_yellow', 'warn_red']);

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** ISO 8601 in China time with its offset, e.g. `2026-11-23T09:30:00.000+08:00`. */
export function chinaIso(instant: Date): string {
  return `${new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}

const text = (v: unknown) => (typeof v === 'string' ? v : null);
const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : null);

/**
 * Builds the exported event. The timeline's free text (notes, reasons), its data blob (delivery
 * addresses, tracking numbers, checklists) and the applicant never leave: only the named fields.
 */
export function toFeedEvent(row: FeedRow): FeedEvent {
  const stopKind = text(row.data.kind);
  return {
    id: row.id,
    position: row.position,
    caseNumber: row.case_number,
    seq: row.seq,
    action: row.action,
    actionName: ACTION_LABELS[row.action as CaseAction] ?? row.action,
    at: chinaIso(row.at),
    fromStatus: row.from_status,
    fromStatusName: row.from_status ? STATUS_LABELS[row.from_status] : null,
    toStatus: row.to_status,
    toStatusName: STATUS_LABELS[row.to_status],
    actorRole: row.actor_role,
    staffId: STAFF_ROLES.has(row.actor_role) ? row.actor_id : null,
    itemCode: row.item_code,
    itemName: row.item_name,
    departmentCode: row.department_code,
    departmentName: row.department_name,
    regionCode: row.region_code,
    channel: row.channel,
    clock: CLOCK_ACTIONS.has(row.action)
      ? {
          dueDate: text(row.data.dueDate),
          legalDueDate: text(row.data.legalDueDate),
          previousDueDate: text(row.data.previousDueDate),
          provisional: typeof row.data.provisional === 'boolean' ? row.data.provisional : null,
          stopKind,
          stopKindName: stopKind ? (STOP_KIND_LABELS[stopKind as keyof typeof STOP_KIND_LABELS] ?? null) : null,
          stoppedWorkdays: row.action === 'resume_clock' ? int(row.data.stoppedWorkdays) : null,
          extensionWorkdays: row.action === 'approve_extension' ? int(row.data.workdays) : null,
        }
      : null,
    hash: row.hash?.toString('hex') ?? null,
    prevHash: row.prev_hash?.toString('hex') ?? null,
  };
}
