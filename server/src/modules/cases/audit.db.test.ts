import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { makeWorld, toActorOf } from '../../test/factories.js';
import { verifyTimelines } from './audit.js';
import * as service from './service.js';

let t: TestDatabase;
let caseId: string;
let w: Awaited<ReturnType<typeof makeWorld>>;

// Each test tampers with the data, so each gets a fresh database.
beforeEach(async () => {
  t = await createTestDatabase();
  w = await makeWorld(t.db);
  const db = t.db;
  for (let i = 0; i < 3; i++) {
    const formData = { name: `店${i}`, phone: '13800138000' };
    ({ caseId } = await service.submitApplication({ db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData }));
    await service.acceptCase({ db, actor: toActorOf(w.clerk), caseId });
    await service.claimCase({ db, actor: toActorOf(w.reviewerA), caseId });
  }
});
afterEach(() => t.destroy());

describe('步步留痕: the timeline hash chain', () => {
  it('verifies an untouched history', async () => {
    expect(await verifyTimelines(t.db)).toEqual({ casesChecked: 3, eventsChecked: 9, firstBreak: null });
  });

  it('verifies decisions whose rows the database hashed with the 文号 it took, taken in parallel', async () => {
    const ids = (await t.db.selectFrom('cases').select('id').execute()).map((c) => c.id);
    const reviewer = toActorOf(w.reviewerA);
    await Promise.all(ids.map((id) => service.completeReview({ db: t.db, actor: reviewer, caseId: id, opinion: '同意' })));
    await Promise.all(ids.map((id) => service.approveCase({ db: t.db, actor: reviewer, caseId: id, opinion: '准予' })));
    expect(await verifyTimelines(t.db)).toEqual({ casesChecked: 3, eventsChecked: 15, firstBreak: null });
    const decisions = await t.db.selectFrom('case_events').select('data').where('action', '=', 'approve').execute();
    const serials = decisions.map((e) => Number(/〔\d{4}〕(\d+)号$/.exec(String(e.data.decisionNumber))![1]));
    expect(serials.sort()).toEqual([1, 2, 3]);
    expect(JSON.stringify(decisions)).not.toContain('serial-');
  });

  it('finds an altered row', async () => {
    await t.db.updateTable('case_events').set({ note: '不同意' }).where('case_id', '=', caseId).where('seq', '=', 3).execute();
    expect((await verifyTimelines(t.db)).firstBreak).toMatchObject({ caseId, seq: 3, problem: 'altered' });
  });

  it('finds a deleted row in the middle and at the end', async () => {
    await t.db.deleteFrom('case_events').where('case_id', '=', caseId).where('seq', '=', 3).execute();
    expect((await verifyTimelines(t.db)).firstBreak).toMatchObject({ caseId, seq: 3, problem: 'missing' });
  });

  it('finds a deleted last row even when the counter was lowered too', async () => {
    await t.db.deleteFrom('case_events').where('case_id', '=', caseId).where('seq', '=', 3).execute();
    await t.db.updateTable('cases').set({ event_count: 2 }).where('id', '=', caseId).execute();
    expect((await verifyTimelines(t.db)).firstBreak).toMatchObject({ caseId, problem: 'head_mismatch' });
  });

  it('finds reordered rows', async () => {
    // Swap the seq of rows 2 and 3 through a temporary value (unique constraint).
    await sql`UPDATE case_events SET seq = -1 WHERE case_id = ${caseId} AND seq = 2`.execute(t.db);
    await sql`UPDATE case_events SET seq = 2 WHERE case_id = ${caseId} AND seq = 3`.execute(t.db);
    await sql`UPDATE case_events SET seq = 3 WHERE case_id = ${caseId} AND seq = -1`.execute(t.db);
    expect((await verifyTimelines(t.db)).firstBreak).toMatchObject({ caseId, seq: 2 });
  });
});
