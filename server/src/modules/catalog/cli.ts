import fs from 'node:fs/promises';
import type { Database } from '../../db/database.js';
import { importCatalog } from './import.js';

interface CliHelpers {
  withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  progress(label: string, done: number, total: number): void;
  say(message: string): void;
}

/**
 * `catalog:import <file.xlsx> [--centre <id>] [--dry-run] [--valid-rows]`: the same validation as
 * the admin page, with a progress bar. Bad cells are listed as sheet!cell (exit code 1); by default
 * nothing is imported then, with --valid-rows the rows without problems are, --dry-run writes nothing.
 */
export async function runCatalogImport(args: string[], cli: CliHelpers): Promise<void> {
  const centreAt = args.indexOf('--centre');
  const file = args.find((a, i) => !a.startsWith('--') && (centreAt < 0 || i !== centreAt + 1));
  const dryRun = args.includes('--dry-run');
  const importValid = args.includes('--valid-rows');
  if (!file) {
    cli.say('usage: catalog:import <file.xlsx> [--centre <id>] [--dry-run] [--valid-rows]   (default: the first service centre)');
    process.exitCode = 2;
    return;
  }
  const data = await fs.readFile(file);
  const centreArg = centreAt >= 0 ? Number(args[centreAt + 1]) : undefined;
  await cli.withDatabase(async (db) => {
    const centre = centreArg
      ? await db.selectFrom('centres').select(['id', 'name']).where('id', '=', centreArg).executeTakeFirst()
      : await db.selectFrom('centres').select(['id', 'name']).orderBy('id').executeTakeFirst();
    if (!centre) {
      cli.say(centreArg ? `no service centre with id ${centreArg}` : 'no service centre yet: run seed:demo or create one first');
      process.exitCode = 1;
      return;
    }
    cli.say(`importing ${file} into ${centre.name} (checking the whole file first)`);
    const started = Date.now();
    const result = await importCatalog({ db, data, centreId: centre.id, actorId: null, dryRun, importValid, onProgress: (done, total) => cli.progress('importing', done, total) });
    if (process.stdout.isTTY && result.written && !dryRun) process.stdout.write('\n');
    if (!result.ok) {
      const outcome = dryRun ? 'nothing was written (dry run)' : importValid ? `${result.skippedRows.length} row(s) of 事项 left out` : 'nothing was imported';
      cli.say(`${result.problems.length} problem(s); ${outcome}:`);
      for (const p of result.problems) {
        const cell = p.row ? `${p.sheet}!${p.column}${p.row}` : p.sheet;
        cli.say(`  ${cell.padEnd(10)} ${p.header ? `[${p.header}] ` : ''}${p.value ? `"${p.value}" ` : ''}${p.message}`);
      }
      process.exitCode = 1;
      if (!dryRun && !importValid) return;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const verb = dryRun ? 'would be' : 'done in ' + seconds + ' s:';
    cli.say(`${verb} ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.departmentsCreated} department(s) added`);
  });
}
