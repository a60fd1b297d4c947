import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createDatabase, type Database } from './database.js';
import { startOwnCluster, type OwnCluster } from '../test/own-cluster.js';

// A cluster of its own: this test kills its postmaster.
let cluster: OwnCluster;
let db: Database;
let app: FastifyInstance;

beforeAll(async () => {
  cluster = await startOwnCluster('outage', { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' });
  ({ db } = createDatabase(cluster.url, 5));
  app = await buildApp({ db, config: { ...loadConfig({}), databaseUrl: cluster.url, dataDir: cluster.dir } }, { serveWeb: false });
  await app.ready();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.destroy();
  await cluster?.stop();
});

describe('the embedded database goes away', () => {
  it('answers 503 UNAVAILABLE with Retry-After, restarts by itself within 30 s, and stops cleanly', async () => {
    expect((await app.inject('/api/catalog/items')).statusCode).toBe(200);
    const killedAt = Date.now();
    process.kill(await cluster.postmasterPid(), 'SIGKILL');

    // The pool's backends notice their postmaster's death on their own schedule (slower on a busy
    // machine): one may still answer a moment after the kill. From then on, every database-backed
    // answer is the documented 503, never a 500.
    let down = await app.inject('/api/catalog/items');
    while (down.statusCode === 200 && Date.now() - killedAt < 5_000) {
      await new Promise((r) => setTimeout(r, 50));
      down = await app.inject('/api/catalog/items');
    }
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.json()).toEqual({ error: { code: 'UNAVAILABLE', message: expect.any(String) } });
    const health = await app.inject('/api/health');
    expect(health.statusCode).toBe(503);

    let back = 0;
    while (Date.now() - killedAt < 30_000) {
      const response = await app.inject('/api/health');
      expect([200, 503]).toContain(response.statusCode);
      if (response.statusCode === 200) {
        back = Date.now() - killedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    // Recorded in docs/probes.md.
    console.log(`outage: answering again ${back} ms after the kill; ${cluster.reports.join(' / ')}`);
    expect(back).toBeGreaterThan(0);
    expect(back).toBeLessThan(30_000);
    expect((await app.inject('/api/catalog/items')).statusCode).toBe(200);
    expect(cluster.reports[0]).toMatch(/exited unexpectedly \(SIGKILL\); restarting/);
    expect(cluster.reports.at(-1)).toMatch(/restarted \(attempt \d+/);

    // And a stop afterwards is prompt (it used to wait ~10 s for a process already gone).
    const stopping = Date.now();
    await app.close();
    await db.destroy();
    await cluster.embedded.stop();
    expect(Date.now() - stopping).toBeLessThan(5_000);
  }, 60_000);
});
