/**
 * What each layer of a public progress lookup costs: the same database and cases behind
 *   - the bare primary-key SELECT route (the http benchmark's baseline),
 *   - the progress route alone (Fastify, zod, Kysely; no plugin, no logger),
 *   - the route with one of the app's plugins in front of it (the logger and its request line, the
 *     security headers, the cookie parser, the rate limiter),
 *   - the whole app (one process),
 * each in a server process of its own at 50 connections, the rounds alternating so a drift of the
 * machine touches every server alike. Per lookup: the server's CPU, PostgreSQL's (its cluster's
 * processes, /proc) and the load generator's (this process). Then the per-request pieces timed on
 * their own in this process (best of five runs of 100,000).
 *
 *   npx tsx bench/lookup-layers.ts          (ROUNDS=2 SECONDS=8 to change)
 *
 * Not part of `npm run bench`; docs/benchmarks.md quotes it.
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import pino from 'pino';
import { z } from 'zod';
import { SECURITY_HEADERS } from '../server/src/http/security-headers.js';
import { findUnsafeInput } from '../server/src/http/input-guard.js';
import { loggerOptions } from '../server/src/logger.js';
import { ZProgress } from '../server/src/modules/progress/schema.js';
import { cycling, load, prepareHttpFixtures, startServer, type ServerProcess } from './lib/http.js';
import { createBenchDatabase, postgresCpuSeconds, startBenchPostgres } from './lib/postgres.js';

const ROUNDS = Number(process.env.ROUNDS ?? 2);
const SECONDS = Number(process.env.SECONDS ?? 8);
const SERVERS: Array<{ label: string; start: (url: string) => Promise<ServerProcess>; bare?: true }> = [
  { label: 'bare primary-key SELECT route', start: (url) => startServer({ kind: 'bare', databaseUrl: url, pool: 10 }), bare: true },
  { label: 'progress route alone', start: (url) => startServer({ kind: 'route', databaseUrl: url, pool: 10 }) },
  ...['logger', 'security', 'cookie', 'ratelimit'].map((plugin) => ({
    label: `route + ${plugin}`,
    start: (url: string) => startServer({ kind: 'route', databaseUrl: url, pool: 10, plugins: [plugin] }),
  })),
  { label: 'the app', start: (url) => startServer({ kind: 'app', databaseUrl: url, pool: 10 }) },
];

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lookup-layers-'));
// The postgres system user (root runs it as one) must reach the cluster.
await fs.chmod(dir, 0o755);
const pgDir = path.join(dir, 'pg');
const server = await startBenchPostgres(pgDir, console.log);
try {
  const database = await createBenchDatabase(server.url(), 'bench_lookup_layers', 4);
  const { lookups, rowPaths } = await prepareHttpFixtures(database.db);
  await database.db.destroy();
  console.log(`50 connections, ${SECONDS} s per server and round, ${ROUNDS} rounds; CPU in ms per lookup`);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const s of SERVERS) {
      const app = await s.start(database.url);
      try {
        const request = cycling(s.bare ? rowPaths : lookups);
        await load({ url: app.url, connections: 20, seconds: 1, requests: [request] });
        const pgBefore = postgresCpuSeconds(pgDir);
        const meBefore = process.cpuUsage();
        const r = await load({ server: app, url: app.url, connections: 50, seconds: SECONDS, requests: [request] });
        const count = r.perSecond * SECONDS;
        const me = process.cpuUsage(meBefore);
        const ms = (seconds: number) => ((seconds / count) * 1000).toFixed(3);
        console.log(
          `round ${round}  ${s.label.padEnd(30)} ${r.perSecond.toFixed(0).padStart(5)} req/s  p99 ${String(r.p99).padStart(3)} ms  ` +
            `server ${ms((r.serverCpu ?? 0) * SECONDS)}  PostgreSQL ${ms(postgresCpuSeconds(pgDir) - pgBefore)}  load generator ${ms((me.user + me.system) / 1e6)}` +
            (r.failures ? `  ${r.failures} failures` : ''),
        );
      } finally {
        await app.stop();
      }
    }
  }
} finally {
  await server.stop();
  await fs.rm(dir, { recursive: true, force: true });
}

console.log('\nper-request pieces, timed alone (µs, best of five runs of 100,000)');
const time = (label: string, fn: () => void) => {
  const n = 100_000;
  for (let i = 0; i < n / 10; i++) fn();
  let best = Infinity;
  for (let run = 0; run < 5; run++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - started) / n / 1000);
  }
  console.log(`  ${label.padEnd(48)} ${best.toFixed(2)}`);
};
const requestLog = pino(loggerOptions('info'), pino.destination({ dest: '/dev/null', sync: true })).child({}, { redact: { paths: [] } });
const request = { id: 'req-1', method: 'GET', url: '/api/progress?number=220581-20261203-00012&code=ABCDEFGH' };
time('request log line', () => requestLog.info({ reqId: request.id, req: request, res: { statusCode: 200 }, responseTime: 3.2 }, 'request completed'));
const at = new Date().toISOString();
const progress = {
  number: '220581-20261203-00012',
  itemName: '食品经营许可（新办）',
  departmentName: '市场监督管理局',
  status: 'accepted',
  statusLabel: '办理中',
  submittedAt: at,
  dueDate: '2026-12-10',
  completedAt: null,
  steps: [
    { at, action: 'submit', label: '提交申请', status: 'submitted', statusLabel: '已提交' },
    { at, action: 'accept', label: '受理', status: 'accepted', statusLabel: '办理中' },
  ],
};
const serialize = serializerCompiler({ schema: z.object({ progress: ZProgress }), method: 'GET', url: '/api/progress', httpStatus: '200' });
time('the answer, checked by zod and serialised', () => serialize({ progress }));
time('  JSON.stringify of it alone', () => JSON.stringify({ progress }));
const validate = validatorCompiler({
  schema: z.object({ number: z.string().trim().min(1).max(40), code: z.string().trim().min(1).max(20) }),
  method: 'GET',
  url: '/api/progress',
  httpPart: 'querystring',
});
time('the query string, validated by zod', () => validate({ number: '220581-20261203-00012', code: 'ABCDEFGH' }));
time('the input guard (params, query, body)', () => {
  findUnsafeInput({}, 'params');
  findUnsafeInput({ number: '220581-20261203-00012', code: 'ABCDEFGH' }, 'query');
  findUnsafeInput(undefined, 'body');
});
const headers = Object.entries(SECURITY_HEADERS);
const bareResponse = () => new http.ServerResponse({ method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1 } as http.IncomingMessage);
time('the security headers on a response', () => {
  const response = bareResponse();
  for (const [name, value] of headers) response.setHeader(name, value);
});
time('  a response without them', () => void bareResponse());
time('an async hook doing nothing', () => void (async () => undefined)().then(() => undefined));
