/**
 * A crash after the answer loses no step: 16 workers walk cases through 受理, 认领, 审查, 准予
 * (the decision commits without waiting for the flush and is answered after FLUSH) on a
 * PostgreSQL with fsync and synchronous commit on; the postmaster is killed (SIGKILL) while steps
 * are in flight. After a restart every answered step is there, the 文号 series is gap-free and
 * every timeline chain verifies. Not part of `npm run bench`:
 *
 *   npx tsx bench/transition-crash.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase } from '../server/src/db/database.js';
import { startEmbeddedPostgres } from '../server/src/db/embedded.js';
import { verifyTimelines } from '../server/src/modules/cases/audit.js';
import { acceptCase, approveCase, claimCase, completeReview } from '../server/src/modules/cases/service.js';
import { createBenchDatabase } from './lib/postgres.js';
import { makeBenchWorld, submitMany } from './lib/world.js';

const WORKERS = 16;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'transition-crash-'));
fs.chmodSync(dir, 0o755);
const pgDir = path.join(dir, 'pg');
let server = await startEmbeddedPostgres({ dir: pgDir, settings: { max_connections: '100' } });
const database = await createBenchDatabase(server.url(), 'crash', WORKERS);
const world = await makeBenchWorld(database.db, 4);
const ids = await submitMany(database.db, world, 400);
const db = database.db;
const steps = [
  (id: string) => acceptCase({ db, actor: world.clerkActor, caseId: id }),
  (id: string) => claimCase({ db, actor: world.reviewerActor, caseId: id }),
  (id: string) => completeReview({ db, actor: world.reviewerActor, caseId: id, opinion: '同意' }),
  (id: string) => approveCase({ db, actor: world.reviewerActor, caseId: id, opinion: '准予' }),
];
/** Every step answered before the crash: case and the event count it answered with. */
const answered = new Map<string, number>();
let next = 0;
let killed = false;
let stepsAnswered = 0;
const kill = () => {
  if (killed) return;
  killed = true;
  const pid = Number(fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGKILL');
};
setTimeout(kill, 4000);
await Promise.all(
  Array.from({ length: WORKERS }, async () => {
    while (!killed && next < ids.length) {
      const id = ids[next++]!;
      for (const step of steps) {
        let moved;
        try {
          moved = await step(id);
        } catch {
          return; // the database went away: this step was never answered
        }
        // Answered (even just after the kill: the server sent it before it died): it must survive.
        answered.set(id, moved.event_count);
        stepsAnswered++;
      }
    }
  }),
);
await db.destroy().catch(() => undefined);
// Backends die with the postmaster; wait until the data folder is free, then start it again.
await new Promise((resolve) => setTimeout(resolve, 2000));
await server.stop().catch(() => undefined);
server = await startEmbeddedPostgres({ dir: pgDir, settings: { max_connections: '100' } });
const after = createDatabase(server.url('crash'), 4).db;
const rows = await after.selectFrom('cases').select(['id', 'event_count']).where('id', 'in', [...answered.keys()]).execute();
const found = new Map(rows.map((r) => [r.id, r.event_count]));
const lost = [...answered].filter(([id, count]) => (found.get(id) ?? 0) < count);
const serials = (await after.selectFrom('case_events').select('data').where('action', '=', 'approve').execute())
  .map((e) => Number(/〔\d{4}〕(\d+)号$/.exec(String(e.data.decisionNumber))![1]))
  .sort((a, b) => a - b);
const gapFree = serials.every((n, i) => n === i + 1);
const chain = await verifyTimelines(after);
console.log(`answered: ${stepsAnswered} steps on ${answered.size} cases; cases missing an answered step after the restart: ${lost.length}`);
console.log(`decisions on disk: ${serials.length}, 文号 serials 1..${serials.length} gap-free: ${gapFree}`);
console.log(`timeline chains: ${chain.casesChecked} cases, ${chain.eventsChecked} rows, first break: ${JSON.stringify(chain.firstBreak)}`);
await after.destroy();
await server.stop();
process.exit(lost.length === 0 && gapFree && chain.firstBreak === null ? 0 : 1);
