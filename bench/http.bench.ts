/**
 * The HTTP hot paths, each against a bare Fastify route on the same database in the same run:
 * - online submissions (`POST /api/cases`, the whole route: session, validation, the submission
 *   transaction, the case detail it answers) at 10 and 50 connections vs a route doing one INSERT;
 * - public progress lookups (`GET /api/progress`) at 50 connections vs a route doing one
 *   primary-key SELECT;
 * - the server's resident memory while 50 connections submit and look up.
 * autocannon drives the load from this process; each server runs in a process of its own. Wait
 * events are sampled during the runs, and a short CPU-profiled run of each route says where the
 * server's time goes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type autocannon from 'autocannon';
import { sql } from 'kysely';
import { acceptCase } from '../server/src/modules/cases/service.js';
import { summariseCpuProfiles } from './lib/cpuprofile.js';
import { load, startServer, type LoadResult, type ServerProcess } from './lib/http.js';
import type { BenchContext, BenchModuleMeta, BenchRow } from './lib/types.js';
import { profileDatabase } from './lib/waits.js';
import { makeBenchWorld, submitMany } from './lib/world.js';

export const meta: BenchModuleMeta = {
  description: 'HTTP submissions (10/50 connections) and progress lookups (50) vs bare INSERT / SELECT routes; server RSS at 50 connections',
};

/** Connections per server process, as `createDatabase` gives the real server (BENCH_POOL to try others). */
const POOL = Number(process.env.BENCH_POOL ?? 10);

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const database = await ctx.createDatabase({ name: 'http', poolSize: 4 });
  const { db, url } = database;
  const dbName = 'bench_http';
  const profileSeconds = Math.max(3, Math.round(ctx.seconds / 3));
  try {
    const world = await makeBenchWorld(db, 1);
    await sql`CREATE TABLE bench_bare_rows (id bigserial PRIMARY KEY, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`.execute(db);
    const body = JSON.stringify({ itemId: world.item.id, formData: world.formData });
    await sql`INSERT INTO bench_bare_rows (payload) SELECT ${body}::jsonb FROM generate_series(1, 2000)`.execute(db);
    // Cases to look up: half still submitted (one step), half accepted (two steps).
    const ids = await submitMany(db, world, 200);
    for (const id of ids.slice(0, 100)) await acceptCase({ db, actor: world.clerkActor, caseId: id });
    const lookups = (await db.selectFrom('cases').select(['number', 'query_code']).execute()).map(
      (c) => `/api/progress?number=${c.number}&code=${c.query_code}`,
    );
    const cycle = (paths: string[]) => {
      let i = 0;
      return (request: autocannon.Request) => ({ ...request, path: paths[i++ % paths.length]! });
    };
    const json = { 'content-type': 'application/json' };

    // Baselines first, on the bare server.
    const bare = await startServer({ kind: 'bare', databaseUrl: url, pool: POOL });
    let bareInsert10: LoadResult, bareInsert50: LoadResult, bareSelect50: LoadResult;
    try {
      await load({ url: bare.url, connections: 10, seconds: 1, requests: [{ method: 'POST', path: '/bare/rows', headers: json, body }] });
      bareInsert10 = await load({ server: bare, url: bare.url, connections: 10, seconds: ctx.seconds, requests: [{ method: 'POST', path: '/bare/rows', headers: json, body }] });
      bareInsert50 = await load({ server: bare, url: bare.url, connections: 50, seconds: ctx.seconds, requests: [{ method: 'POST', path: '/bare/rows', headers: json, body }] });
      const rowPaths = Array.from({ length: 2000 }, (_, i) => `/bare/rows/${i + 1}`);
      bareSelect50 = await load({ server: bare, url: bare.url, connections: 50, seconds: ctx.seconds, requests: [{ method: 'GET', setupRequest: cycle(rowPaths) }] });
    } finally {
      await bare.stop();
    }
    for (const [label, r] of Object.entries({ bareInsert10, bareInsert50, bareSelect50 })) {
      ctx.log(`${label}: ${r.perSecond.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, server CPU ${cpuNote(r)}${r.failures ? `, ${r.failures} failures` : ''}`);
    }

    const app = await startServer({ kind: 'app', databaseUrl: url, pool: POOL });
    let sub10: LoadResult, sub50: LoadResult, look50: LoadResult;
    const rss: number[] = [];
    try {
      const cookie = await login(app, world.applicantUsers[0]!.username);
      const submit = submission(cookie, body);
      await load({ url: app.url, connections: 10, seconds: 1, requests: [submit] });
      sub10 = await load({ server: app, url: app.url, connections: 10, seconds: ctx.seconds, requests: [submit] });
      const sampler = setInterval(() => rss.push(app.rssMb()), 200);
      try {
        const profiled = await profileDatabase(ctx.url(), dbName, () => load({ server: app, url: app.url, connections: 50, seconds: ctx.seconds, requests: [submit] }));
        sub50 = profiled.result;
        ctx.profile('HTTP submissions at 50 connections (database)', [`${sub50.perSecond.toFixed(0)} req/s, p99 ${sub50.p99} ms`, ...profiled.lines]);
        const looked = await profileDatabase(ctx.url(), dbName, () => load({ server: app, url: app.url, connections: 50, seconds: ctx.seconds, requests: [{ method: 'GET', setupRequest: cycle(lookups) }] }));
        look50 = looked.result;
        ctx.profile('HTTP progress lookups at 50 connections (database)', [`${look50.perSecond.toFixed(0)} req/s, p99 ${look50.p99} ms`, ...looked.lines]);
      } finally {
        clearInterval(sampler);
      }
    } finally {
      await app.stop();
    }
    for (const [label, r] of Object.entries({ sub10, sub50, look50 })) {
      ctx.log(`${label}: ${r.perSecond.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, server CPU ${cpuNote(r)}${r.failures ? `, ${r.failures} failures` : ''}`);
    }

    // Where the server's CPU goes on each route: short runs under the V8 profiler (not the figures above).
    for (const route of ['lookups', 'submissions'] as const) {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), `onewindow-cpu-${route}-`));
      const profiled = await startServer({ kind: 'app', databaseUrl: url, pool: POOL, cpuProfileDir: dir });
      try {
        const cookie = await login(profiled, world.applicantUsers[0]!.username);
        const requests: autocannon.Request[] =
          route === 'lookups' ? [{ method: 'GET', setupRequest: cycle(lookups) }] : [submission(cookie, body)];
        // Warm up first, so start-up and compilation stay out of the profile.
        await load({ url: profiled.url, connections: 50, seconds: 2, requests });
        profiled.startProfiling();
        await load({ url: profiled.url, connections: 50, seconds: profileSeconds, requests });
      } finally {
        await profiled.stop();
      }
      ctx.profile(`server CPU, ${route} at 50 connections (node --cpu-prof)`, await summariseCpuProfiles(dir, 10));
      await fs.rm(dir, { recursive: true, force: true });
    }

    const note = (r: LoadResult) => `p50 ${r.p50} ms, p99 ${r.p99} ms${r.failures ? `, ${r.failures} failures` : ''}`;
    const maxRss = Math.max(...rss);
    return [
      row('HTTP submissions, 10 connections', sub10, bareInsert10, 'bare INSERT route', 0.8),
      row('HTTP submissions, 50 connections', sub50, bareInsert50, 'bare INSERT route', 0.8),
      p99Row('HTTP submissions p99, 50 connections', sub50, bareInsert50, 'bare INSERT route p99'),
      row('progress lookups, 50 connections', look50, bareSelect50, 'bare primary-key SELECT route', 0.8),
      p99Row('progress lookups p99, 50 connections', look50, bareSelect50, 'bare SELECT route p99'),
      {
        figure: 'server RSS under load (max, 50 connections)',
        value: maxRss,
        unit: 'MB',
        target: { below: 300 },
        note: `sampled every 200 ms while submitting and looking up; ${note(sub50)}`,
      },
    ];
  } finally {
    await database.drop();
  }
}

/** A submission as the web app sends it: a fresh Idempotency-Key on every new application. */
function submission(cookie: string, body: string): autocannon.Request {
  return {
    method: 'POST',
    path: '/api/cases',
    body,
    setupRequest: (request) => ({
      ...request,
      headers: { 'content-type': 'application/json', cookie, 'idempotency-key': crypto.randomUUID() },
    }),
  };
}

function row(figure: string, ours: LoadResult, bare: LoadResult, label: string, ratio: number): BenchRow {
  return {
    figure,
    value: ours.perSecond,
    unit: 'req/s',
    baseline: { label, value: bare.perSecond, unit: 'req/s' },
    target: { ratioAtLeast: ratio },
    note: `ours p50 ${ours.p50} / p99 ${ours.p99} ms, server ${cpuNote(ours)}; bare p50 ${bare.p50} / p99 ${bare.p99} ms, server ${cpuNote(bare)}${ours.failures ? `; ${ours.failures} failures` : ''}`,
  };
}

/** How busy the server process was, and its CPU per request. */
function cpuNote(r: LoadResult): string {
  return r.serverCpu === undefined ? '?' : `${(r.serverCpu * 100).toFixed(0)}% of a core, ${((r.serverCpu / r.perSecond) * 1000).toFixed(2)} ms CPU/request`;
}

function p99Row(figure: string, ours: LoadResult, bare: LoadResult, label: string): BenchRow {
  return { figure, value: ours.p99, unit: 'ms', baseline: { label, value: bare.p99, unit: 'ms' }, target: { ratioAtMost: 1.5 } };
}

async function login(server: ServerProcess, username: string): Promise<string> {
  const { TEST_PASSWORD } = await import('../server/src/test/factories.js');
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: TEST_PASSWORD }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ow_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}
