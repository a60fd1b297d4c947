import { loadConfig } from './config.js';
import { isEmptyDatabase, seedDemo } from './demo/seed.js';
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
        await seedDemo(db, loadConfig().demoPassword);
        say('demo data written');
      }),
  },
};

function help(): void {
  say('usage: npm run cli -- <command> [options]\n\ncommands:');
  for (const [name, command] of Object.entries(commands)) say(`  ${name.padEnd(14)} ${command.summary}`);
  say('\nconfiguration comes from the environment: DATABASE_URL, ONEWINDOW_DATA_DIR, ONEWINDOW_DEMO_PASSWORD');
}

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
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
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
