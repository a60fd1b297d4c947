import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeWorld, toActorOf } from '../../test/factories.js';
import * as cases from '../cases/service.js';
import { pushFeed, type RetryPolicy } from './dispatcher.js';
import { createSubscriber } from './service.js';
import { FEED_HEADERS, verifyFeedSignature } from './signature.js';

/** A province's receiver on a free local port: answers from a script, records every request. */
class Receiver {
  readonly requests: { eventId: number; body: string; verified: boolean; status: number }[] = [];
  private server = http.createServer((request, response) => void this.handle(request, response));
  /** Status to answer for the n-th request (0-based); 'hang' never answers. */
  answer: (n: number) => number | 'hang' = () => 200;
  secret = '';

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Events answered 2xx, each once, in the order received. */
  get accepted() {
    return this.requests.filter((r) => r.status === 200);
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const header = (name: string) => request.headers[name] as string | undefined;
    const status = this.answer(this.requests.length);
    const verified = verifyFeedSignature({ secret: this.secret, timestamp: header(FEED_HEADERS.timestamp), body, signature: header(FEED_HEADERS.signature) });
    this.requests.push({ eventId: Number(header(FEED_HEADERS.eventId)), body, verified, status: status === 'hang' ? 0 : status });
    if (status === 'hang') return;
    response.writeHead(status).end(status === 200 ? 'ok' : 'unavailable');
  }
}

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
const as = toActorOf;
const FORM = { name: '鑫达食品店', phone: '13912345678' };
const FAST: RetryPolicy = { baseDelayMs: 40, maxDelayMs: 160, maxAttempts: 4 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const receivers: Receiver[] = [];

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.stop()));
  await t.destroy();
});

async function subscribe(name: string): Promise<{ receiver: Receiver; id: number }> {
  const receiver = new Receiver();
  receivers.push(receiver);
  const url = await receiver.start();
  const { subscriber, secret } = await createSubscriber(t.db, as(w.admin), { name, url });
  receiver.secret = secret!;
  return { receiver, id: subscriber.id };
}

/** Three timeline rows: submit, accept, claim. */
async function threeEvents(): Promise<number[]> {
  const { caseId } = await cases.submitApplication({ db: t.db, actor: as(w.applicant), itemId: w.itemA.id, formData: FORM });
  await cases.acceptCase({ db: t.db, actor: as(w.clerk), caseId });
  await cases.claimCase({ db: t.db, actor: as(w.reviewerA), caseId });
  const rows = await t.db.selectFrom('case_events').select('id').where('case_id', '=', caseId).orderBy('seq').execute();
  return rows.map((r) => r.id);
}

/** Calls the dispatcher until `done` or the deadline, as the background loop would. */
async function pushUntil(done: () => boolean, options: Parameters<typeof pushFeed>[1] = { retry: FAST }, ms = 5000) {
  const until = Date.now() + ms;
  while (!done() && Date.now() < until) {
    await pushFeed(t.db, options);
    await sleep(20);
  }
}

describe('e-supervision feed: push', () => {
  it('signs each event, retries a failing receiver with back-off and delivers in order', async () => {
    // Back-off long enough that "not due yet" holds on a loaded machine.
    const SLOWER: RetryPolicy = { baseDelayMs: 400, maxDelayMs: 800, maxAttempts: 5 };
    const { receiver, id } = await subscribe('省电子监察（重试）');
    // The first two attempts fail: 503, then no answer at all.
    receiver.answer = (n) => (n === 0 ? 503 : n === 1 ? 'hang' : 200);
    const ids = await threeEvents();

    await pushFeed(t.db, { retry: SLOWER, timeoutMs: 300 });
    expect(receiver.requests.map((r) => r.eventId)).toEqual([ids[0]]);
    let row = await t.db.selectFrom('feed_subscribers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 1, last_error: `事件 ${ids[0]}: HTTP 503`, failed_at: null });
    // Not due yet: an immediate second run sends nothing.
    await pushFeed(t.db, { retry: SLOWER, timeoutMs: 300 });
    expect(receiver.requests).toHaveLength(1);

    await pushUntil(() => receiver.accepted.length === 3, { retry: SLOWER, timeoutMs: 300 });
    expect(receiver.requests.map((r) => [r.eventId, r.status])).toEqual([
      [ids[0], 503],
      [ids[0], 0],
      [ids[0], 200],
      [ids[1], 200],
      [ids[2], 200],
    ]);
    expect(receiver.requests.every((r) => r.verified)).toBe(true);
    const bodies = receiver.accepted.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.action)).toEqual(['submit', 'accept', 'claim']);
    expect(bodies.map((b) => b.id)).toEqual(ids);
    expect(receiver.accepted.map((r) => r.body).join()).not.toContain('13912345678');

    row = await t.db.selectFrom('feed_subscribers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 0, failed_at: null, delivered_position: bodies[2].position });
    expect(row.last_error).toMatch(/超时/);
  });

  it('gives up after the cap, shows the error on the admin page and resumes from the same event', async () => {
    const { receiver, id } = await subscribe('省电子监察（故障）');
    receiver.answer = () => 500;
    const ids = await threeEvents();
    await pushUntil(() => receiver.requests.length === FAST.maxAttempts);
    await sleep(200);
    await pushFeed(t.db, { retry: FAST });
    // Given up: exactly maxAttempts tries of the first event, nothing after it.
    expect(receiver.requests.map((r) => r.eventId)).toEqual(Array(FAST.maxAttempts).fill(ids[0]));

    const admin = await loginCookie(t.app, w.admin.username);
    const list = (await t.app.inject({ method: 'GET', url: '/api/admin/feed/subscribers', headers: { cookie: admin } })).json();
    const shown = list.subscribers.find((s: { id: number }) => s.id === id);
    expect(shown).toMatchObject({ status: 'failed', attempts: FAST.maxAttempts, failedEventId: ids[0], lastError: `事件 ${ids[0]}: HTTP 500`, behind: 3 });
    expect(JSON.stringify(list)).not.toContain(receiver.secret);

    receiver.answer = () => 200;
    expect((await t.app.inject({ method: 'POST', url: `/api/admin/feed/subscribers/${id}/resume`, headers: { cookie: admin } })).statusCode).toBe(200);
    await pushUntil(() => receiver.accepted.length === 3);
    expect(receiver.accepted.map((r) => r.eventId)).toEqual(ids);
  });

  it('delivers each event once when several processes push at the same time', async () => {
    const { receiver } = await subscribe('省电子监察（并发）');
    const ids = [...(await threeEvents()), ...(await threeEvents())];
    await Promise.all([pushFeed(t.db, { retry: FAST }), pushFeed(t.db, { retry: FAST }), pushFeed(t.db, { retry: FAST })]);
    await pushUntil(() => receiver.accepted.length >= ids.length);
    expect(receiver.requests.map((r) => r.eventId)).toEqual(ids);
  });

  it('never delivers a timeline row whose transaction rolled back', async () => {
    const { receiver } = await subscribe('省电子监察（回滚）');
    const { caseId } = await cases.submitApplication({ db: t.db, actor: as(w.applicant), itemId: w.itemA.id, formData: FORM });
    await expect(
      t.db.transaction().execute(async (trx) => {
        const c = await trx.selectFrom('cases').selectAll().where('id', '=', caseId).forUpdate().executeTakeFirstOrThrow();
        await cases.recordOnTimeline(trx, c, { action: 'directive', data: {} });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await cases.acceptCase({ db: t.db, actor: as(w.clerk), caseId });
    await pushUntil(() => receiver.accepted.length === 2);
    await pushFeed(t.db, { retry: FAST });
    expect(receiver.requests.map((r) => JSON.parse(r.body).action)).toEqual(['submit', 'accept']);
    const committed = await t.db.selectFrom('case_events').select('id').where('case_id', '=', caseId).execute();
    expect(receiver.requests.map((r) => r.eventId).sort()).toEqual(committed.map((c) => c.id).sort());
  });
});
