import fs from 'node:fs/promises';
import type { Database } from '../../db/database.js';
import { importCatalog } from './import.js';

interface CliHelpers {
  withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  progress(label: string, done: number, total: number): void;
  say(message: string): void;
}

/**
 * `catalog:import <file.xlsx> [--centre <id>]`: the same validation and all-or-nothing import
 * as the admin page, with a progress bar. Bad cells are listed as sheet!cell; exit code 1.
 */
export async function runCatalogImport(args: string[], cli: CliHelpers): Promise<void> {
  const centreAt = args.indexOf('--centre');
  const file = args.find((a, i) => !a.startsWith('--') && (centreAt < 0 || i !== centreAt + 1));
  if (!file) {
    cli.say('usage: catalog:import <file.xlsx> [--centre <id>]   (default: the first service centre)');
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
    const result = await importCatalog({ db, data, centreId: centre.id, actorId: null, onProgress: (done, total) => cli.progress('importing', done, total) });
    if (process.stdout.isTTY && result.ok) process.stdout.write('\n');
    if (!result.ok) {
      cli.say(`${result.problems.length} problem(s); nothing was imported:`);
      for (const p of result.problems) {
        const cell = p.row ? `${p.sheet}!${p.column}${p.row}` : p.sheet;
        cli.say(`  ${cell.padEnd(10)} ${p.header ? `[${p.header}] ` : ''}${p.value ? `"${p.value}" ` : ''}${p.message}`);
      }
      process.exitCode = 1;
      return;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    cli.say(`done in ${seconds} s: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.departmentsCreated} department(s) added`);
  });
}
