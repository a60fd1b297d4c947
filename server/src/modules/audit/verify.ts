import type { Database } from '../../db/database.js';
import { verifyTimelines, type ChainBreak } from '../cases/audit.js';
import { readCheckpoints, verifyCheckpoints, type CheckpointBreak } from './checkpoints.js';
import { verifyLedger, type LedgerBreak } from './ledger.js';
import { readPublicKey } from './signer.js';

export interface AuditReport {
  ok: boolean;
  cases: number;
  events: number;
  ledgerRows: number;
  /** Timeline rows written since the last seal (not yet covered by the ledger). */
  pending: number;
  checkpoints: number;
  /** One line per problem found, for people. */
  problems: string[];
  timelineBreak: ChainBreak | null;
  ledgerBreak: LedgerBreak | null;
  checkpointBreak: CheckpointBreak | null;
}

/**
 * `audit verify`: each case's SM3 chain and its case row, the global ledger linking every case's
 * rows, and the signed checkpoints kept outside the database. Read-only: nothing is sealed here,
 * so a tampered row is never sealed by the check that should find it.
 */
export async function verifyAudit(
  db: Database,
  options: { dir: string; publicKey?: string; onProgress?: (done: number, total: number) => void },
): Promise<AuditReport> {
  const problems: string[] = [];
  const timelines = await verifyTimelines(db, options.onProgress);
  if (timelines.firstBreak) {
    const b = timelines.firstBreak;
    problems.push(`case ${b.caseNumber} (${b.caseId}), timeline row ${b.seq}: ${b.problem}`);
  }
  const ledger = await verifyLedger(db);
  if (ledger.firstBreak) {
    const b = ledger.firstBreak;
    problems.push(`ledger position ${b.position} (event ${b.eventId ?? '?'}, case ${b.caseId ?? '?'}): ${b.problem}`);
  }
  const checkpoints = await readCheckpoints(options.dir);
  const publicKey = options.publicKey ?? (await readPublicKey(options.dir));
  let checkpointBreak: CheckpointBreak | null = null;
  if (checkpoints.length && !publicKey) {
    problems.push('checkpoints present but no public key to check them (centre-sm2.pub or --public-key)');
  } else if (publicKey) {
    checkpointBreak = (await verifyCheckpoints(db, checkpoints, publicKey)).firstBreak;
    if (checkpointBreak) problems.push(`checkpoint line ${checkpointBreak.line} (position ${checkpointBreak.position}): ${checkpointBreak.problem}`);
  }
  return {
    ok: problems.length === 0,
    cases: timelines.casesChecked,
    events: timelines.eventsChecked,
    ledgerRows: ledger.rows,
    pending: ledger.pending,
    checkpoints: checkpoints.length,
    problems,
    timelineBreak: timelines.firstBreak,
    ledgerBreak: ledger.firstBreak,
    checkpointBreak,
  };
}
