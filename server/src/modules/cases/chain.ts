import crypto from 'node:crypto';
import type { CaseStatus } from '../../db/schema.js';
import { canonicalJson } from '../../util/canonical-json.js';

/** The fields of a timeline row that the chain protects. */
export interface ChainedEvent {
  case_id: string;
  seq: number;
  at: Date;
  actor_id: number | null;
  actor_role: string;
  action: string;
  from_status: CaseStatus | null;
  to_status: CaseStatus;
  note: string | null;
  data: Record<string, unknown>;
  /**
   * SM3 of the case's decisive fields as this step left them (caseDigest), so the chain also
   * protects the case row: an edited decision, reason or form no longer matches its last row.
   * Null on rows written before the digest existed; recordStep fills it.
   */
  case_digest?: Buffer | null;
}

/**
 * The case fields a decision rests on. Only fields written together with a timeline row belong
 * here (recordStep / insertNumberedCase): a field changed elsewhere (warn_date, rating_invited_at)
 * would read as tampering.
 */
export const DECISIVE_FIELDS = [
  'status',
  'applicant_id',
  'item_id',
  'item_version_id',
  'department_id',
  'form_data',
  'submitted_at',
  'accepted_at',
  'decided_at',
  'decided_by',
  'decision_reason',
  'completed_at',
  'due_date',
  'legal_due_date',
  'delivery_preference',
] as const;

export type DecisiveState = Partial<Record<(typeof DECISIVE_FIELDS)[number], unknown>>;

/** SM3 of the decisive fields in canonical form (absent and null hash alike). */
export function caseDigest(state: DecisiveState): Buffer {
  const picked: Record<string, unknown> = {};
  for (const field of DECISIVE_FIELDS) picked[field] = state[field] ?? null;
  return crypto.createHash('sm3').update(canonicalJson(picked)).digest();
}

/** SM3 (GB/T 32905) of the previous hash followed by the canonical row. */
export function eventHash(prev: Buffer | null, event: ChainedEvent): Buffer {
  const hash = crypto.createHash('sm3');
  if (prev) hash.update(prev);
  hash.update(canonicalEvent(event));
  return hash.digest();
}

/**
 * The canonical text of a timeline row that its hash covers (after the previous hash). A statement
 * that learns a value of the row only as it runs (a decision's 文号 serial) hashes this text with
 * the value put in, in SQL (repo.recordStep); both must stay this one definition.
 */
export function canonicalEvent(event: ChainedEvent): string {
  return canonicalJson({
    case_id: event.case_id,
    seq: event.seq,
    at: event.at.toISOString(),
    actor_id: event.actor_id,
    actor_role: event.actor_role,
    action: event.action,
    from_status: event.from_status,
    to_status: event.to_status,
    note: event.note,
    data: event.data,
    // Left out when absent, so rows from before the digest keep their hashes.
    case_digest: event.case_digest ? event.case_digest.toString('hex') : undefined,
  });
}
