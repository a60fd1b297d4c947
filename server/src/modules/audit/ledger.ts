import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';

/** Any constant, the same in every process: one sealer at a time across all servers. */
const SEALER_LOCK = 72_201_011;
const BATCH = 5_000;

/** SM3 link of one ledger row to the one before it. */
export function ledgerHash(prev: Buffer | null, row: { position: number; case_id: string; seq: number; event_hash: Buffer }): Buffer {
  const hash = crypto.createHash('sm3');
  if (prev) hash.update(prev);
  hash.update(`${row.position}|${row.case_id}|${row.seq}|`);
  hash.update(row.event_hash);
  return hash.digest();
}

export interface LedgerHead {
  position: number;
  hash: Buffer | null;
}

export async function ledgerHead(db: Executor): Promise<LedgerHead> {
  const row = await db.selectFrom('audit_ledger').select(['position', 'chain_hash']).orderBy('position', 'desc').limit(1).executeTakeFirst();
  return row ? { position: row.position, hash: row.chain_hash } : { position: 0, hash: null };
}

/**
 * Seals committed timeline rows into the global ledger: each gets the next position and a hash
 * linking it to the previous row, whatever case it belongs to. A case's own chain proves its rows
 * belong together; the ledger proves no case, and no case's tail, went missing: a row once sealed
 * must be found, unchanged, at its position.
 *
 * Runs after commit (pending rows come from a trigger in the writing transaction), so the write
 * path of a case step takes no global lock; like the feed's sequencer it runs one at a time.
 * @returns how many rows were sealed; 0 too when another process holds the sealer
 */
export async function sealLedger(db: Database, options: { batch?: number; maxBatches?: number } = {}): Promise<number> {
  const batch = options.batch ?? BATCH;
  let total = 0;
  for (let round = 0; round < (options.maxBatches ?? Infinity); round++) {
    const sealed = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ got: boolean }>`SELECT pg_try_advisory_xact_lock(${SEALER_LOCK}) AS got`.execute(trx);
      if (!rows[0]?.got) return 0;
      // Oldest first: one case's rows (serialised by the case's row lock) keep their order.
      const { rows: taken } = await sql<{ event_id: number }>`
        DELETE FROM audit_ledger_pending
         WHERE event_id <= (SELECT max(event_id) FROM (SELECT event_id FROM audit_ledger_pending ORDER BY event_id LIMIT ${batch}) first)
        RETURNING event_id`.execute(trx);
      if (!taken.length) return 0;
      const events = await trx
        .selectFrom('case_events')
        .select(['id', 'case_id', 'seq', 'hash'])
        .where('id', '=', sql<number>`ANY(${taken.map((r) => r.event_id)}::bigint[])`)
        .orderBy('id')
        .execute();
      const head = await ledgerHead(trx);
      let prev = head.hash;
      let position = head.position;
      const rowsOut = events
        .filter((e) => e.hash)
        .map((e) => {
          position++;
          const row = { position, event_id: e.id, case_id: e.case_id, seq: e.seq, event_hash: e.hash! };
          prev = ledgerHash(prev, row);
          return { ...row, chain_hash: prev };
        });
      if (rowsOut.length) await trx.insertInto('audit_ledger').values(rowsOut).execute();
      return rowsOut.length;
    });
    total += sealed;
    if (sealed < batch) break;
  }
  return total;
}

export interface LedgerBreak {
  position: number;
  eventId: number | null;
  caseId: string | null;
  problem: 'gap' | 'relinked' | 'event_missing' | 'event_altered' | 'unsealed_event';
}

/**
 * Walks the ledger from position 1: positions without gaps, each link recomputed, and each
 * sealed timeline row still there with the hash it was sealed with. Then looks for timeline rows
 * that are neither sealed nor waiting to be (written around the trigger).
 */
export async function verifyLedger(db: Database): Promise<{ rows: number; head: LedgerHead; pending: number; firstBreak: LedgerBreak | null }> {
  let prev: Buffer | null = null;
  let expected = 1;
  for (;;) {
    const rows = await db
      .selectFrom('audit_ledger as l')
      .leftJoin('case_events as e', 'e.id', 'l.event_id')
      .select(['l.position', 'l.event_id', 'l.case_id', 'l.seq', 'l.event_hash', 'l.chain_hash', 'e.id as found_id', 'e.hash as found_hash', 'e.case_id as found_case', 'e.seq as found_seq'])
      .where('l.position', '>=', expected)
      .orderBy('l.position')
      .limit(BATCH)
      .execute();
    if (!rows.length) break;
    for (const row of rows) {
      const broken = (problem: LedgerBreak['problem']) => ({
        rows: expected - 1,
        head: { position: expected - 1, hash: prev },
        pending: 0,
        firstBreak: { position: row.position, eventId: row.event_id, caseId: row.case_id, problem },
      });
      if (row.position !== expected) return { ...broken('gap'), firstBreak: { position: expected, eventId: null, caseId: null, problem: 'gap' as const } };
      if (!ledgerHash(prev, row).equals(row.chain_hash)) return broken('relinked');
      if (row.found_id === null) return broken('event_missing');
      if (!row.found_hash || !row.found_hash.equals(row.event_hash) || row.found_case !== row.case_id || row.found_seq !== row.seq) {
        return broken('event_altered');
      }
      prev = row.chain_hash;
      expected++;
    }
  }
  const head = { position: expected - 1, hash: prev };
  const { n: pending } = await db.selectFrom('audit_ledger_pending').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const stray = await db
    .selectFrom('case_events as e')
    .select(['e.id', 'e.case_id'])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('audit_ledger as l').select('l.position').whereRef('l.event_id', '=', 'e.id'))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('audit_ledger_pending as p').select('p.event_id').whereRef('p.event_id', '=', 'e.id'))))
    .limit(1)
    .executeTakeFirst();
  if (stray) return { rows: head.position, head, pending, firstBreak: { position: head.position + 1, eventId: stray.id, caseId: stray.case_id, problem: 'unsealed_event' } };
  return { rows: head.position, head, pending, firstBreak: null };
}
