import os from 'node:os';
import { isIP } from 'node:net';
import path from 'node:path';

/** Runtime configuration, read once from the environment. Every knob the README documents lives here. */
export interface Config {
  port: number;
  host: string;
  /** HTTP server processes `npm start` runs (ONEWINDOW_WORKERS; default one per core; 1 = a single process). */
  workers: number;
  /**
   * How far V8 lets the old generation grow past what the last full collection kept, in percent
   * (ONEWINDOW_HEAP_GROWTH_PERCENT; 0 = V8's own choice). See `applyHeapGrowth`.
   */
  heapGrowthPercent: number;
  /** When unset, an embedded PostgreSQL is started under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /**
   * A streaming replica of the primary for dashboards, statistics, big screens, exports and the
   * public catalogue; unset: they read the primary.
   */
  readDatabaseUrl: string | undefined;
  /** Beyond this replica lag (ms) those reads go back to the primary. */
  readMaxLagMs: number;
  demoPassword: string;
  logLevel: string;
  /** Minutes a session survives without a request (idle timeout). */
  sessionIdleMinutes: number;
  /** Hours a session survives at most, active or not. */
  sessionMaxHours: number;
  /** Send cookies with `Secure`; on by default behind HTTPS in production. */
  cookieSecure: boolean;
  /** Public base URL used in QR codes and printed notices. */
  publicUrl: string;
  /** Login attempts per client address per minute, on top of the per-username throttle. */
  loginRateLimit: number;
  /**
   * 演练时钟: lets a supervisor run the warning sweep and read the seat as of a later date (`asOf`),
   * so deadlines can be crossed in training and acceptance runs without waiting. Training sweeps
   * write only to the training scope. Off unless configured on (ONEWINDOW_TRAINING_CLOCK=true).
   */
  trainingClock: boolean;
  /** Public progress lookups per client address per minute (guessing query codes is the attack). */
  progressRateLimit: number;
  /** Where signed audit checkpoints and the centre's SM2 key live (outside the database). */
  auditDir: string;
  /** Seconds between signed checkpoints of the audit ledger. */
  auditCheckpointSeconds: number;
  /** Days access records are kept (等保 level 3: at least 183). */
  accessLogDays: number;
  /** Continuous archiving of the embedded database: WAL segments and base backups (modules/backup). */
  backupDir: string;
  /** 64 hex digits: the AES key that encrypts the seals' private keys; unset = `<data>/seal-master.key`. */
  sealKey?: string;
  /**
   * 统一身份认证 (OpenID Connect) for citizens and enterprises. Without an issuer the platform
   * serves its own small identity provider under /idp (demo and tests).
   */
  oidc: {
    issuer: string | undefined;
    clientId: string;
    clientSecret: string | undefined;
    redirectUri: string | undefined;
  };
  /**
   * Addresses (or CIDR ranges) of the reverse proxies whose X-Forwarded-For is believed. Empty:
   * no proxy is trusted and the client address is the socket's, so a forged header cannot escape a
   * per-address limit.
   */
  trustProxy: string[];
  /** Big-screen event streams (大屏): what one server process holds, and how one client is kept from holding them all. */
  screenStreams: {
    total: number;
    /** Of `total`, kept for hall screens presenting a key (大屏密钥). */
    reservedForKeyed: number;
    /** Anonymous streams per client address. */
    perAddress: number;
    /** Anonymous streams end after this long (the screen's EventSource reconnects by itself). */
    anonymousLifetimeMs: number;
    /** Heartbeat interval; a stream that has not taken the previous heartbeat by the next is dropped. */
    heartbeatMs: number;
  };
}

export const DEFAULT_HEAP_GROWTH_PERCENT = 100;

export const DEFAULT_DEMO_PASSWORD = 'Onewindow@2026';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intFrom(env.PORT, 3000, 'PORT');
  const host = env.HOST ?? '0.0.0.0';
  return {
    port,
    host,
    workers: Math.max(1, intFrom(env.ONEWINDOW_WORKERS, os.availableParallelism(), 'ONEWINDOW_WORKERS')),
    heapGrowthPercent: intFrom(env.ONEWINDOW_HEAP_GROWTH_PERCENT, DEFAULT_HEAP_GROWTH_PERCENT, 'ONEWINDOW_HEAP_GROWTH_PERCENT'),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.ONEWINDOW_DATA_DIR ?? './data'),
    readDatabaseUrl: env.ONEWINDOW_READ_DATABASE_URL || undefined,
    readMaxLagMs: intFrom(env.ONEWINDOW_READ_MAX_LAG_MS, 5_000, 'ONEWINDOW_READ_MAX_LAG_MS'),
    demoPassword: env.ONEWINDOW_DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD,
    logLevel: env.LOG_LEVEL ?? 'info',
    sessionIdleMinutes: intFrom(env.ONEWINDOW_SESSION_IDLE_MINUTES, 30, 'ONEWINDOW_SESSION_IDLE_MINUTES'),
    sessionMaxHours: intFrom(env.ONEWINDOW_SESSION_MAX_HOURS, 12, 'ONEWINDOW_SESSION_MAX_HOURS'),
    cookieSecure: env.ONEWINDOW_COOKIE_SECURE === 'true',
    publicUrl: (env.ONEWINDOW_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    loginRateLimit: intFrom(env.ONEWINDOW_LOGIN_RATE_LIMIT, 20, 'ONEWINDOW_LOGIN_RATE_LIMIT'),
    trainingClock: boolFrom(env.ONEWINDOW_TRAINING_CLOCK, false, 'ONEWINDOW_TRAINING_CLOCK'),
    progressRateLimit: intFrom(env.ONEWINDOW_PROGRESS_RATE_LIMIT, 30, 'ONEWINDOW_PROGRESS_RATE_LIMIT'),
    auditDir: path.resolve(env.ONEWINDOW_AUDIT_DIR ?? path.join(env.ONEWINDOW_DATA_DIR ?? './data', 'audit')),
    auditCheckpointSeconds: Math.max(1, intFrom(env.ONEWINDOW_AUDIT_CHECKPOINT_SECONDS, 60, 'ONEWINDOW_AUDIT_CHECKPOINT_SECONDS')),
    accessLogDays: Math.max(183, intFrom(env.ONEWINDOW_ACCESS_LOG_DAYS, 190, 'ONEWINDOW_ACCESS_LOG_DAYS')),
    sealKey: env.ONEWINDOW_SEAL_KEY || undefined,
    oidc: {
      issuer: env.ONEWINDOW_OIDC_ISSUER?.replace(/\/$/, '') || undefined,
      clientId: env.ONEWINDOW_OIDC_CLIENT_ID || 'onewindow',
      clientSecret: env.ONEWINDOW_OIDC_CLIENT_SECRET || undefined,
      redirectUri: env.ONEWINDOW_OIDC_REDIRECT_URI || undefined,
    },
    backupDir: path.resolve(env.ONEWINDOW_BACKUP_DIR ?? path.join(env.ONEWINDOW_DATA_DIR ?? './data', 'backup')),
    trustProxy: addressListFrom(env.ONEWINDOW_TRUST_PROXY, 'ONEWINDOW_TRUST_PROXY'),
    screenStreams: screenStreamsFrom(env),
  };
}

function screenStreamsFrom(env: NodeJS.ProcessEnv): Config['screenStreams'] {
  const total = Math.max(1, intFrom(env.ONEWINDOW_SCREEN_STREAMS, 200, 'ONEWINDOW_SCREEN_STREAMS'));
  const reservedForKeyed = intFrom(env.ONEWINDOW_SCREEN_STREAMS_RESERVED, Math.min(50, Math.floor(total / 4)), 'ONEWINDOW_SCREEN_STREAMS_RESERVED');
  if (reservedForKeyed >= total) throw new Error('ONEWINDOW_SCREEN_STREAMS_RESERVED must be below ONEWINDOW_SCREEN_STREAMS');
  return {
    total,
    reservedForKeyed,
    perAddress: Math.max(1, intFrom(env.ONEWINDOW_SCREEN_STREAMS_PER_ADDRESS, 4, 'ONEWINDOW_SCREEN_STREAMS_PER_ADDRESS')),
    anonymousLifetimeMs: Math.max(1, intFrom(env.ONEWINDOW_SCREEN_STREAM_MINUTES, 10, 'ONEWINDOW_SCREEN_STREAM_MINUTES')) * 60_000,
    heartbeatMs: 25_000,
  };
}

/** A comma-separated list of IPv4/IPv6 addresses or CIDR ranges; `true`/`*` is refused (that trusts anyone). */
function addressListFrom(value: string | undefined, name: string): string[] {
  if (value === undefined || value.trim() === '') return [];
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const maxBits = family === 6 ? 128 : 32;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (!family || !bitsOk || rest.length) throw new Error(`${name} must list proxy addresses or CIDR ranges (e.g. 10.0.0.5,192.168.1.0/24), got "${entry}"`);
  }
  return entries;
}

function boolFrom(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`${name} must be true or false, got "${value}"`);
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}
