import crypto from 'node:crypto';
import type { CaseStatus } from '../../db/schema.js';

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

/** JSON with sorted keys at every level, so the same row always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SM3 (GB/T 32905) of the previous hash followed by the canonical row. */
export function eventHash(prev: Buffer | null, event: ChainedEvent): Buffer {
  const hash = crypto.createHash('sm3');
  if (prev) hash.update(prev);
  hash.update(
    canonicalJson({
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
    }),
  );
  return hash.digest();
}
