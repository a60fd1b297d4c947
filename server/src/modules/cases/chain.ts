import type { CaseStatus } from '../../db/schema.js';
import { canonicalJson } from '../../util/canonical-json.js';
import { chainHash } from '../../util/hash-chain.js';

export { canonicalJson };

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
}

/** SM3 (GB/T 32905) of the previous hash followed by the canonical row. */
export function eventHash(prev: Buffer | null, event: ChainedEvent): Buffer {
  return chainHash(prev, {
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
  });
}
