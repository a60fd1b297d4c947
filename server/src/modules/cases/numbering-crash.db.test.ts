import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../db/database.js';
import { syncOfficialSchedules } from '../calendar/repo.js';
import { makeWorld, toActorOf } from '../../test/factories.js';
import { startOwnCluster, type OwnCluster } from '../../test/own-cluster.js';
import { submitApplication } from './service.js';

// A cluster of its own: this test kills its postmaster. fsync may stay off: a killed server keeps
// what it wrote to the kernel, so what this shows is what its WAL holds, not what the disk does.
let cluster: OwnCluster;
let db: Database;
let w: Awaited<ReturnType<typeof makeWorld>>;
const SUBMITTERS = 50;

beforeAll(async () => {
  cluster = await startOwnCluster('numbering-crash', { fsync: 'off', full_page_writes: 'off', max_connections: '300' });
  ({ db } = createDatabase(cluster.url, SUBMITTERS + 5));
  await syncOfficialSchedules(db);
  w = await makeWorld(db);
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  await cluster?.stop();
});

const seq = (number: string) => BigInt(number.split('-')[2]!);

async function submitOnce(): Promise<{ id: string; number: string }> {
  const actor = toActorOf(w.applicant);
  const { caseId } = await submitApplication({ db, actor, itemId: w.itemA.id, formData: { name: '梅河口市好味道餐饮店', phone: '13800138000' } });
  const row = await db.selectFrom('cases').select(['id', 'number']).where('id', '=', caseId).executeTakeFirstOrThrow();
  return row;
}

describe('application numbers across a crash of the database', () => {
  it('50 submitters, the postmaster killed among them: every answered case survives with its number, no number repeats, later numbers follow all earlier ones', async () => {
    const answered: Array<{ id: string; number: string }> = [];
    let failed = 0;
    let killed = false;
    const postmaster = await cluster.postmasterPid();

    // Each submitter keeps submitting until its first failure (the kill); the kill comes once a
    // few hundred have been answered, so submissions are in every stage when it lands.
    const submitters = Array.from({ length: SUBMITTERS }, async () => {
      for (;;) {
        try {
          answered.push(await submitOnce());
        } catch {
          failed++;
          return;
        }
        if (!killed && answered.length >= 300) {
          killed = true;
          process.kill(postmaster, 'SIGKILL');
        }
      }
    });
    await Promise.all(submitters);
    expect(killed).toBe(true);
    expect(failed).toBe(SUBMITTERS);

    // The embedded server restarts by itself (crash recovery replays the WAL); wait until it answers,
    // on a new pool: the old one may still hold a connection to a backend that has not yet noticed
    // its postmaster died (the outage test covers how requests fare meanwhile).
    await db.destroy().catch(() => undefined);
    ({ db } = createDatabase(cluster.url, SUBMITTERS + 5));
    const restartedBy = Date.now() + 60_000;
    for (;;) {
      try {
        await db.selectFrom('cases').select('id').limit(1).execute();
        break;
      } catch (error) {
        if (Date.now() > restartedBy) throw error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    expect(cluster.reports[0]).toMatch(/exited unexpectedly \(SIGKILL\)/);

    // An answered submission was flushed before it was answered: it is there, with its number.
    const stored = new Map((await db.selectFrom('cases').select(['id', 'number']).execute()).map((c) => [c.id, c.number]));
    for (const c of answered) expect(stored.get(c.id)).toBe(c.number);
    // Submissions cut off by the kill may or may not have committed; whatever did took a number of its own.
    const numbers = [...stored.values()];
    expect(new Set(numbers).size).toBe(numbers.length);

    // After recovery the sequence stands past every number handed out before the kill, answered or
    // not (PostgreSQL logs a sequence ahead of the values it gives), so no number is given twice.
    const highestBefore = numbers.map(seq).reduce((a, b) => (a > b ? a : b));
    const cutOff = numbers.length - answered.length;
    const after = await Promise.all(Array.from({ length: SUBMITTERS }, () => submitOnce()));
    expect(new Set(after.map((c) => c.number)).size).toBe(SUBMITTERS);
    for (const c of after) expect(seq(c.number) > highestBefore).toBe(true);
    const all = (await db.selectFrom('cases').select('number').execute()).map((c) => c.number);
    expect(new Set(all).size).toBe(all.length);
    const lowestAfter = after.map((c) => seq(c.number)).reduce((a, b) => (a < b ? a : b));
    console.log(
      `numbering across a crash: ${answered.length} answered before the kill, ${cutOff} committed but cut off before their answer, ` +
        `first number after recovery ${lowestAfter - highestBefore} past the highest before it`,
    );
  }, 120_000);
});
