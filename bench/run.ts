/**
 * `npm run bench`: starts one PostgreSQL of its own in a temp folder, runs every benchmark module
 * (bench/*.bench.ts) against it and prints one table, each figure beside a baseline measured in the
 * same run on the same database. Results and the machine go into docs/benchmarks.md.
 *
 *   npm run bench -- [--only a,b] [--skip a,b] [--quick] [--seconds N] [--scale] [--no-write]
 *
 * Never part of `npm test`.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createBenchDatabase, runPgbench, startBenchPostgres } from './lib/postgres.js';
import { describeMachine, printTable, verdict, writeResults } from './lib/report.js';
import type { BenchContext, BenchModule, BenchRow, PgbenchResult } from './lib/types.js';

/** In the order they run: the cheap CPU-only ones first, the 10-million-case one last. */
export const MODULES = ['calendar', 'catalog-search', 'transitions', 'http', 'replica', 'peers', 'supervision'] as const;

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    skip: { type: 'string' },
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    scale: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`npm run bench -- [options]
  --only a,b     run only these modules (${MODULES.join(', ')})
  --skip a,b     skip these modules
  --quick        short phases (smoke test; figures not meaningful)
  --seconds N    seconds per timed phase (default 20, quick 3)
  --scale        also run the scale-only modules (supervision at 10 million cases; SCALE_CASES,
                 SCALE_DATABASE_URL to reuse a database seed:scale already filled)
  --no-write     print only; leave docs/benchmarks.md alone`);
  process.exit(0);
}

const list = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);
const only = list(args.only);
const skip = list(args.skip);
for (const name of [...only, ...skip]) {
  if (!(MODULES as readonly string[]).includes(name)) throw new Error(`no benchmark module "${name}" (have ${MODULES.join(', ')})`);
}
const quick = args.quick;
const seconds = args.seconds ? Number(args.seconds) : quick ? 3 : 20;
const started = Date.now();
const say = (message: string) => console.log(`[bench] ${message}`);

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'onewindow-bench-'));
// The embedded server runs as the postgres system user when we are root.
await fs.chmod(dir, 0o755);
say(`starting PostgreSQL in ${dir}`);
const server = await startBenchPostgres(path.join(dir, 'pg'), say);
const adminUrl = server.url();
const version = await (async () => {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  await client.end();
  return rows[0]!.v;
})();
const machine = describeMachine(version);
say(`${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, node ${machine.node}, PostgreSQL ${version}, load ${machine.load}`);

let pgbench: Promise<PgbenchResult> | undefined;
const rows: BenchRow[] = [];
/** What each module produced, so a run of some modules rewrites only their blocks in the docs. */
const byModule = new Map<string, { rows: BenchRow[]; profiles: { title: string; lines: string[] }[]; seconds: number }>();
let current: { rows: BenchRow[]; profiles: { title: string; lines: string[] }[]; seconds: number } | undefined;

const ctx: BenchContext = {
  quick,
  seconds,
  scale: args.scale,
  url: (database) => server.url(database),
  createDatabase: ({ name, poolSize = 10 }) => createBenchDatabase(adminUrl, `bench_${name}`, poolSize),
  pgbench: () =>
    (pgbench ??= (async () => {
      say('pgbench: TPC-B, scale 8, 8 clients');
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query('DROP DATABASE IF EXISTS bench_pgbench WITH (FORCE)');
      await admin.query('CREATE DATABASE bench_pgbench');
      await admin.end();
      const result = await runPgbench(server.url('bench_pgbench'), { clients: 8, seconds, scale: 8 });
      say(`pgbench: ${result.tps.toFixed(0)} tps, ${result.latencyMs} ms average, ${(result.walPerTransaction / 1024).toFixed(2)} kB WAL per transaction`);
      return result;
    })()),
  log: (message) => say(message),
  profile: (title, lines) => {
    current?.profiles.push({ title, lines });
    for (const line of lines) say(`  profile ${title}: ${line}`);
  },
};

let failed = false;
try {
  for (const name of MODULES) {
    if (only.length && !only.includes(name)) continue;
    if (skip.includes(name)) continue;
    const module = (await import(`./${name}.bench.ts`)) as BenchModule;
    if (module.meta.scaleOnly && !args.scale) {
      say(`${name}: skipped (scale only; add --scale)`);
      continue;
    }
    say(`${name}: ${module.meta.description}`);
    const t0 = Date.now();
    current = { rows: [], profiles: [], seconds: 0 };
    try {
      const result = await module.run(ctx);
      rows.push(...result);
      current.rows.push(...result);
      current.seconds = (Date.now() - t0) / 1000;
      byModule.set(name, current);
      for (const row of result) say(`  ${row.figure}: ${row.value.toFixed(2)} ${row.unit}${row.baseline ? ` (baseline ${row.baseline.value.toFixed(2)} ${row.baseline.unit})` : ''}`);
    } catch (error) {
      failed = true;
      say(`${name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    say(`${name}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
} finally {
  await server.stop().catch(() => undefined);
  await fs.rm(dir, { recursive: true, force: true });
}

console.log(`\n${printTable(rows)}\n`);
const judged = rows.map(verdict).filter((v) => v !== undefined);
say(`${judged.filter((v) => v.met).length} of ${judged.length} targets met; ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (!args['no-write'] && !quick && rows.length) {
  const file = path.resolve(import.meta.dirname, '../docs/benchmarks.md');
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  for (const [module, result] of byModule) await writeResults(file, { module, machine, command, ...result });
  say(`results written to ${path.relative(process.cwd(), file)}`);
} else if (quick) {
  say('--quick: docs/benchmarks.md left alone');
}
process.exit(failed ? 1 : 0);
