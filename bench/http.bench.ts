/**
 * The HTTP hot paths, each against a bare Fastify route on the same database in the same run:
 * - online submissions (`POST /api/cases`, the whole route: session, validation, the submission
 *   transaction, the case detail it answers) at 10 and 50 connections vs a route doing one INSERT;
 * - public progress lookups (`GET /api/progress`) at 50 connections vs a route doing one
 *   primary-key SELECT;
 * - the server's resident memory while 50 connections submit and look up.
 * The app runs as `npm start` runs it (the server bundle, its own database named by DATABASE_URL):
 * once with one worker (ONEWINDOW_WORKERS=1, the single process) and once with every core's worker
 * (node:cluster; BENCH_WORKERS to change), and the server CPU per request is summed over the
 * processes that serve HTTP (/proc/<pid>/stat before and after each phase), with the cluster
 * primary's (background jobs, dealing connections) beside it. The targets are judged with all
 * workers. autocannon drives the load from this process. Wait events are sampled during the runs,
 * and a short CPU-profiled run of each route (one process, bench/lib/http-server.ts) says where the
 * server's time goes.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type autocannon from 'autocannon';
import { TEST_PASSWORD } from '../server/src/test/factories.js';
import { summariseCpuProfiles } from './lib/cpuprofile.js';
import { cycling, load, login, prepareHttpFixtures, startCluster, startServer, submission, type LoadResult } from './lib/http.js';
import type { BenchContext, BenchModuleMeta, BenchRow } from './lib/types.js';
import { profileDatabase } from './lib/waits.js';

export const meta: BenchModuleMeta = {
  description: 'HTTP submissions (10/50 connections) and progress lookups (50), npm start with 1 and all workers, vs bare INSERT / SELECT routes; CPU per request; server RSS at 50 connections',
};

/** Connections per server process, as `createDatabase` gives the real server (BENCH_POOL to try others; npm start's workers keep 10). */
const POOL = Number(process.env.BENCH_POOL ?? 10);
/**
 * Throughput as a share of the bare route, p99 as a multiple of its p99. Issue 8 asked 0.8× and
 * 1.5× of both; issue 22 restates the submission's as 0.5× with p99 within 2× (a submission writes
 * a case, its timeline row, a notice, an SMS and an idempotency claim where the bare route writes
 * one row) and keeps 0.8× for lookups.
 */
const TARGETS = { submissions: { ratio: 0.5, p99: 2 }, lookups: { ratio: 0.8, p99: 1.5 } };

/** HTTP workers of the "all workers" runs: one per core, as `npm start` (BENCH_WORKERS to try others). */
const WORKERS = Math.max(1, Number(process.env.BENCH_WORKERS ?? os.availableParallelism()));
const WORKER_COUNTS = WORKERS > 1 ? [1, WORKERS] : [1];

interface WorkerRun {
  workers: number;
  sub10: LoadResult;
  sub50: LoadResult;
  look50: LoadResult;
  /** The largest RSS of any serving process while 50 connections submitted and looked up (MB). */
  maxRss: number;
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const database = await ctx.createDatabase({ name: 'http', poolSize: 4 });
  const { db, url } = database;
  const dbName = 'bench_http';
  const profileSeconds = Math.max(3, Math.round(ctx.seconds / 3));
  try {
    const { world, body, lookups, rowPaths } = await prepareHttpFixtures(db);
    const json = { 'content-type': 'application/json' };

    // Baselines first, on the bare server.
    const bare = await startServer({ kind: 'bare', databaseUrl: url, pool: POOL });
    let bareInsert10: LoadResult, bareInsert50: LoadResult, bareSelect50: LoadResult;
    try {
      await load({ url: bare.url, connections: 10, seconds: 1, requests: [{ method: 'POST', path: '/bare/rows', headers: json, body }] });
      bareInsert10 = await load({ server: bare, url: bare.url, connections: 10, seconds: ctx.seconds, requests: [{ method: 'POST', path: '/bare/rows', headers: json, body }] });
      bareInsert50 = await load({ server: bare, url: bare.url, connections: 50, seconds: ctx.seconds, requests: [{ method: 'POST', path: '/bare/rows', headers: json, body }] });
      bareSelect50 = await load({ server: bare, url: bare.url, connections: 50, seconds: ctx.seconds, requests: [cycling(rowPaths)] });
    } finally {
      await bare.stop();
    }
    for (const [label, r] of Object.entries({ bareInsert10, bareInsert50, bareSelect50 })) {
      ctx.log(`${label}: ${r.perSecond.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, server CPU ${cpuNote(r)}${r.failures ? `, ${r.failures} failures` : ''}`);
    }

    // The app as `npm start` runs it (the server bundle): one worker, then all of them.
    const runs: WorkerRun[] = [];
    for (const workers of WORKER_COUNTS) {
      const rss: number[] = [];
      const app = await startCluster({ databaseUrl: url, workers });
      const tag = workerLabel(workers);
      try {
        const cookie = await login(app, world.applicantUsers[0]!.username, TEST_PASSWORD);
        const submit = submission(cookie, body);
        const lookup = cycling(lookups);
        // Warm every worker (connections are dealt to the workers in turn).
        await load({ url: app.url, connections: 10 * workers, seconds: 1, requests: [submit] });
        await load({ url: app.url, connections: 10 * workers, seconds: 1, requests: [lookup] });
        const sub10 = await load({ server: app, url: app.url, connections: 10, seconds: ctx.seconds, requests: [submit] });
        const sampler = setInterval(() => rss.push(app.rssMb()), 200);
        try {
          const submitted = await profileDatabase(ctx.url(), dbName, () => load({ server: app, url: app.url, connections: 50, seconds: ctx.seconds, requests: [submit] }));
          ctx.profile(`HTTP submissions at 50 connections, ${tag} (database)`, [`${submitted.result.perSecond.toFixed(0)} req/s, p99 ${submitted.result.p99} ms`, ...submitted.lines]);
          const looked = await profileDatabase(ctx.url(), dbName, () => load({ server: app, url: app.url, connections: 50, seconds: ctx.seconds, requests: [lookup] }));
          ctx.profile(`HTTP progress lookups at 50 connections, ${tag} (database)`, [`${looked.result.perSecond.toFixed(0)} req/s, p99 ${looked.result.p99} ms`, ...looked.lines]);
          runs.push({ workers, sub10, sub50: submitted.result, look50: looked.result, maxRss: Math.max(...rss) });
        } finally {
          clearInterval(sampler);
        }
      } finally {
        await app.stop();
      }
      const run = runs.at(-1)!;
      for (const [label, r] of Object.entries({ sub10: run.sub10, sub50: run.sub50, look50: run.look50 })) {
        ctx.log(`${label}, ${tag}: ${r.perSecond.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, server CPU ${cpuNote(r)}${r.failures ? `, ${r.failures} failures` : ''}`);
      }
    }

    // Where the server's CPU goes on each route: short runs under the V8 profiler (not the figures above).
    for (const route of ['lookups', 'submissions'] as const) {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), `onewindow-cpu-${route}-`));
      const profiled = await startServer({ kind: 'app', databaseUrl: url, pool: POOL, cpuProfileDir: dir });
      try {
        const cookie = await login(profiled, world.applicantUsers[0]!.username, TEST_PASSWORD);
        const requests: autocannon.Request[] =
          route === 'lookups' ? [cycling(lookups)] : [submission(cookie, body)];
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

    const all = runs.at(-1)!;
    const note = (r: LoadResult) => `p50 ${r.p50} ms, p99 ${r.p99} ms${r.failures ? `, ${r.failures} failures` : ''}`;
    const maxRss = Math.max(...runs.map((r) => r.maxRss));
    return [
      ...runs.flatMap((r) => {
        // The targets are judged with every worker serving, as `npm start` runs on this machine.
        const judged = r === all;
        const tag = workerLabel(r.workers);
        return [
          row(`HTTP submissions, 10 connections, ${tag}`, r.sub10, bareInsert10, 'bare INSERT route', judged ? TARGETS.submissions.ratio : undefined),
          row(`HTTP submissions, 50 connections, ${tag}`, r.sub50, bareInsert50, 'bare INSERT route', judged ? TARGETS.submissions.ratio : undefined),
          ...(judged ? [p99Row(`HTTP submissions p99, 50 connections, ${tag}`, r.sub50, bareInsert50, 'bare INSERT route p99', TARGETS.submissions.p99)] : []),
          row(`progress lookups, 50 connections, ${tag}`, r.look50, bareSelect50, 'bare primary-key SELECT route', judged ? TARGETS.lookups.ratio : undefined),
          ...(judged ? [p99Row(`progress lookups p99, 50 connections, ${tag}`, r.look50, bareSelect50, 'bare SELECT route p99', TARGETS.lookups.p99)] : []),
        ];
      }),
      // CPU per request, summed over the serving processes: what each added core has to carry.
      ...runs.flatMap((r) => [
        cpuRow(`server CPU per submission (50 connections), ${workerLabel(r.workers)}`, r.sub50, bareInsert50, 'bare INSERT route'),
        cpuRow(`server CPU per lookup (50 connections), ${workerLabel(r.workers)}`, r.look50, bareSelect50, 'bare SELECT route'),
      ]),
      {
        figure: 'server RSS under load (max of any one server process, 50 connections)',
        value: maxRss,
        unit: 'MB',
        target: { below: 300 },
        note: `sampled every 200 ms while submitting and looking up: ${runs.map((r) => `${workerLabel(r.workers)} ${r.maxRss.toFixed(0)} MB`).join(', ')}; ${workerLabel(all.workers)} submissions ${note(all.sub50)}`,
      },
    ];
  } finally {
    await database.drop();
  }
}


function row(figure: string, ours: LoadResult, bare: LoadResult, label: string, ratio: number | undefined): BenchRow {
  return {
    figure,
    value: ours.perSecond,
    unit: 'req/s',
    baseline: { label, value: bare.perSecond, unit: 'req/s' },
    ...(ratio === undefined ? {} : { target: { ratioAtLeast: ratio } }),
    note: `ours p50 ${ours.p50} / p99 ${ours.p99} ms, server ${cpuNote(ours)}; bare p50 ${bare.p50} / p99 ${bare.p99} ms, server ${cpuNote(bare)}${ours.failures ? `; ${ours.failures} failures` : ''}`,
  };
}

/** How busy the server processes were (each worker's share when more than one), and their CPU per request. */
function cpuNote(r: LoadResult): string {
  if (r.serverCpu === undefined) return '?';
  const spread = r.processCpu && r.processCpu.length > 1 ? ` (${r.processCpu.map((c) => `${(c * 100).toFixed(0)}%`).join(' + ')})` : '';
  const primary = r.primaryCpu === undefined ? '' : `; primary ${(r.primaryCpu * 100).toFixed(0)}% of a core, ${msPerRequest(r.primaryCpu, r)} ms/request`;
  return `${(r.serverCpu * 100).toFixed(0)}% of a core${spread}, ${msPerRequest(r.serverCpu, r)} ms CPU/request${primary}`;
}

const msPerRequest = (share: number, r: LoadResult) => ((share / r.perSecond) * 1000).toFixed(2);

/** Server CPU per request (ms), summed over the serving processes, beside the bare route's. */
function cpuRow(figure: string, ours: LoadResult, bare: LoadResult, label: string): BenchRow {
  const perRequest = (r: LoadResult) => ((r.serverCpu ?? NaN) / r.perSecond) * 1000;
  return {
    figure,
    value: perRequest(ours),
    unit: 'ms',
    baseline: { label, value: perRequest(bare), unit: 'ms' },
    note: `${ours.perSecond.toFixed(0)} req/s; ${cpuNote(ours)}`,
  };
}

/** "1 worker" is npm start's single process (ONEWINDOW_WORKERS=1); more is a node:cluster. */
const workerLabel = (workers: number) => (workers === 1 ? '1 worker' : `${workers} workers`);

function p99Row(figure: string, ours: LoadResult, bare: LoadResult, label: string, atMost: number): BenchRow {
  return { figure, value: ours.p99, unit: 'ms', baseline: { label, value: bare.p99, unit: 'ms' }, target: { ratioAtMost: atMost } };
}
