import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './db/embedded.js';
import { createTestDatabase, type TestDatabase } from './test/database.js';
import { makeWorld, TEST_PASSWORD } from './test/factories.js';

/**
 * `npm start` with two workers (ONEWINDOW_WORKERS=2) on a test database: both workers answer, each
 * sees what the other wrote, the background jobs run in one process only, and a dead worker is
 * replaced. Timeouts are generous: on a loaded machine a worker's start takes tens of seconds.
 */
let t: TestDatabase;
let w: Awaited<ReturnType<typeof makeWorld>>;
let server: ChildProcess;
let port: number;
let dataDir: string;
const lines: string[] = [];

/** One request on a connection of its own, so the cluster deals it to the next worker. */
function request(method: string, url: string, options: { body?: unknown; cookie?: string } = {}) {
  return new Promise<{ status: number; body: any; cookies: string[] }>((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: url,
        agent: false,
        headers: { ...(payload && { 'content-type': 'application/json' }), ...(options.cookie && { cookie: options.cookie }), connection: 'close' },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null, cookies: res.headers['set-cookie'] ?? [] }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function waitFor(predicate: () => boolean, what: string, ms = 120_000) {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; output:\n${lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const workerPids = () => lines.flatMap((line) => /worker (\d+) listening/.exec(line)?.[1] ?? []).map(Number);
const jobLines = () => lines.filter((line) => line.includes('background jobs running in process'));
/** The pids of the processes that logged a finished request for this path. */
const servedBy = (urlPath: string) =>
  new Set(
    lines.flatMap((line) => {
      if (!line.startsWith('{')) return [];
      const entry = JSON.parse(line) as { msg?: string; pid?: number; req?: { path?: string } };
      return entry.msg === 'request completed' && entry.req?.path === urlPath ? [entry.pid!] : [];
    }),
  );

beforeAll(async () => {
  t = await createTestDatabase();
  w = await makeWorld(t.db);
  port = await freePort();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'onewindow-cluster-'));
  server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      ONEWINDOW_WORKERS: '2',
      ONEWINDOW_DATA_DIR: dataDir,
      ONEWINDOW_AUDIT_CHECKPOINT_SECONDS: '1',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [server.stdout!, server.stderr!]) {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split('\n');
      rest = parts.pop()!;
      lines.push(...parts);
    });
  }
  await waitFor(() => lines.some((line) => line.includes('[onewindow] ready in')), 'the server to start');
}, 180_000);

afterAll(async () => {
  if (server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    await exited;
  }
  await fs.rm(dataDir, { recursive: true, force: true });
  await t.destroy();
});

describe('npm start with ONEWINDOW_WORKERS=2', () => {
  it('serves from two workers that see the same data, and runs the background jobs once, in the primary', async () => {
    const workers = workerPids();
    expect(new Set(workers).size).toBe(2);
    expect(workers).not.toContain(server.pid);
    expect(jobLines()).toEqual([`[onewindow] background jobs running in process ${server.pid}`]);

    const login = await request('POST', '/api/auth/login', { body: { username: w.applicant.username, password: TEST_PASSWORD } });
    expect(login.status).toBe(200);
    const cookie = login.cookies.find((c) => c.startsWith('ow_session='))!.split(';')[0]!;
    const submitted = await request('POST', '/api/cases', { cookie, body: { itemId: w.itemA.id, formData: { name: '梅河口市好味道餐饮店', phone: '13800138000' } } });
    expect(submitted.status).toBe(201);
    const caseId = submitted.body.case.id as string;
    // Fresh connections go round the workers: each reads the case the other (or the same) wrote.
    const reads = await Promise.all(Array.from({ length: 6 }, () => request('GET', `/api/cases/${caseId}`, { cookie })));
    expect(reads.map((r) => [r.status, r.body.case.number])).toEqual(Array(6).fill([200, submitted.body.case.number]));
    await waitFor(() => servedBy(`/api/cases/${caseId}`).size === 2, 'both workers to log a read');
    expect([...servedBy(`/api/cases/${caseId}`)].sort()).toEqual([...workers].sort());
  }, 150_000);

  it('sends an outbox message once, from the primary: the dispatcher runs in no worker', async () => {
    await t.db
      .insertInto('outbox')
      .values({ channel: 'sms', user_id: w.applicant.id, template: 'cluster_probe', payload: JSON.stringify({ title: '测试', body: '测试' }) })
      .execute();
    const sent = () =>
      lines.flatMap((line) => {
        if (!line.startsWith('{')) return [];
        const entry = JSON.parse(line) as { msg?: string; pid?: number; template?: string };
        return entry.msg === 'message (logging sender)' && entry.template === 'cluster_probe' ? [entry.pid] : [];
      });
    await waitFor(() => sent().length > 0, 'the outbox dispatcher', 30_000);
    // A few more ticks (every 2 s), in which a dispatcher in a worker would have sent it too.
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(sent()).toEqual([server.pid]);
  }, 60_000);

  it('replaces a worker that dies, and the jobs still run in one process', async () => {
    const [victim] = workerPids();
    process.kill(victim!, 'SIGKILL');
    await waitFor(() => workerPids().length === 3, 'a replacement worker');
    expect(lines.some((line) => line.includes(`worker ${victim} exited`))).toBe(true);
    expect(jobLines()).toHaveLength(1);
    const health = await Promise.all(Array.from({ length: 4 }, () => request('GET', '/api/health')));
    expect(health.map((h) => h.status)).toEqual([200, 200, 200, 200]);
  }, 150_000);

  it('stops cleanly on SIGTERM, workers and all', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited, lines.slice(-15).join('\n')).toBe(0);
    expect(lines.some((line) => line.includes('[onewindow] stopped cleanly'))).toBe(true);
    for (const pid of workerPids()) expect(() => process.kill(pid, 0)).toThrow();
  }, 60_000);
});
