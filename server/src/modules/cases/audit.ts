import type { Database } from '../../db/database.js';
import { caseDigest, eventHash } from './chain.js';

export interface ChainBreak {
  caseId: string;
  caseNumber: string;
  /** The first timeline row that does not verify (or the expected one that is missing). */
  seq: number;
  problem: 'altered' | 'missing' | 'reordered' | 'head_mismatch' | 'case_altered';
}

export interface VerifyResult {
  casesChecked: number;
  eventsChecked: number;
  firstBreak: ChainBreak | null;
}

const BATCH = 2000;

/**
 * Walks every case's timeline in (case, seq) order and recomputes the SM3 chain. Stops at the first
 * broken row: an altered row breaks its own hash, a deleted one leaves a gap in seq (or a head that
 * no longer matches the case), a reordered one breaks the link to its predecessor, and a case row
 * whose decisive fields (state, decision, reason, form …) differ from what its last row recorded
 * was edited outside the timeline.
 */
export async function verifyTimelines(
  db: Database,
  onProgress?: (casesChecked: number, totalCases: number) => void,
): Promise<VerifyResult> {
  const total = (await db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  let casesChecked = 0;
  let eventsChecked = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const cases = await db
      .selectFrom('cases')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (cases.length === 0) break;
    after = cases.at(-1)!.id;
    const events = await db
      .selectFrom('case_events')
      .selectAll()
      .where('case_id', 'in', cases.map((c) => c.id))
      .orderBy('case_id')
      .orderBy('seq')
      .execute();
    const byCase = new Map<string, typeof events>();
    for (const event of events) {
      const list = byCase.get(event.case_id);
      if (list) list.push(event);
      else byCase.set(event.case_id, [event]);
    }
    for (const c of cases) {
      const rows = byCase.get(c.id) ?? [];
      let prev: Buffer | null = null;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        eventsChecked++;
        const expectedSeq = i + 1;
        const broken = (problem: ChainBreak['problem'], seq = row.seq): VerifyResult => ({
          casesChecked,
          eventsChecked,
          firstBreak: { caseId: c.id, caseNumber: c.number, seq, problem },
        });
        if (row.seq !== expectedSeq) return broken('missing', expectedSeq);
        if (!row.hash || !sameBytes(row.prev_hash, prev)) return broken('reordered');
        if (!eventHash(prev, row).equals(row.hash)) return broken('altered');
        prev = row.hash;
      }
      if (rows.length !== c.event_count) {
        return { casesChecked, eventsChecked, firstBreak: { caseId: c.id, caseNumber: c.number, seq: rows.length + 1, problem: 'missing' } };
      }
      if (!sameBytes(c.timeline_head, prev)) {
        return { casesChecked, eventsChecked, firstBreak: { caseId: c.id, caseNumber: c.number, seq: rows.length, problem: 'head_mismatch' } };
      }
      // Rows from before the digest existed carry none; every step since does.
      const recorded = rows.at(-1)?.case_digest;
      if (recorded && !caseDigest(c).equals(recorded)) {
        return { casesChecked, eventsChecked, firstBreak: { caseId: c.id, caseNumber: c.number, seq: rows.length, problem: 'case_altered' } };
      }
      casesChecked++;
    }
    onProgress?.(casesChecked, total);
  }
  return { casesChecked, eventsChecked, firstBreak: null };
}

function sameBytes(a: Buffer | null, b: Buffer | null): boolean {
  if (a === null || b === null) return a === b;
  return a.equals(b);
}
