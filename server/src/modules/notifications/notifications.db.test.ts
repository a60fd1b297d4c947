import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { makeWorld, reviewToDecision, toActorOf } from '../../test/factories.js';
import * as cases from '../cases/service.js';
import { dispatchOutbox } from './dispatcher.js';
import type { MessageSender, OutgoingMessage } from './sender.js';

let t: TestDatabase;
let w: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  t = await createTestDatabase();
  w = await makeWorld(t.db);
});
afterAll(() => t.destroy());

describe('notifications', () => {
  it('each step the applicant must know about writes an in-app notice, and an SMS where it matters', async () => {
    const db = t.db;
    const { caseId } = await cases.submitApplication({ db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: { name: '店', phone: '13800138000' } });
    await cases.requestCorrection({ db, actor: toActorOf(w.clerk), caseId, missing: ['营业执照'] });
    await cases.resubmitCase({ db, actor: toActorOf(w.applicant), caseId, answers: [{ point: 0, text: '已补交营业执照' }] });
    await cases.acceptCase({ db, actor: toActorOf(w.clerk), caseId });
    await reviewToDecision(db, caseId, w.reviewerA);
    await cases.approveCase({ db, actor: toActorOf(w.reviewerA), caseId });
    await cases.issueResult({ db, actor: toActorOf(w.clerk), caseId, delivery: { method: 'post', courier: 'EMS', trackingNumber: 'E123', postAddress: { recipient: '店主', phone: '13800138000', address: '梅河口市新华大街 88 号' } } });

    const notices = await db.selectFrom('notifications').select(['kind', 'body']).where('case_id', '=', caseId).orderBy('id').execute();
    expect(notices.map((n) => n.kind)).toEqual(['submit', 'request_correction', 'accept', 'approve', 'issue']);
    expect(notices[1]!.body).toContain('营业执照');
    expect(notices[4]!.body).toContain('E123');
    const sms = await db.selectFrom('outbox').select('template').where('user_id', '=', w.applicant.id).orderBy('id').execute();
    expect(sms.map((s) => s.template)).toEqual(['request_correction', 'accept', 'approve', 'issue']);
  });

  it('a rolled-back step leaves no notice behind', async () => {
    const before = await t.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const { caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant2), itemId: w.itemA.id, formData: { name: '店', phone: '13800138000' } });
    await expect(cases.approveCase({ db: t.db, actor: toActorOf(w.reviewerA), caseId })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const after = await t.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('the dispatcher sends each message once and retries failures with back-off', async () => {
    const sent: OutgoingMessage[] = [];
    const working: MessageSender = { send: async (m) => void sent.push(m) };
    const pending = await t.db.selectFrom('outbox').select('id').where('sent_at', 'is', null).execute();
    // Two dispatchers at once, as two server processes would run.
    const [a, b] = await Promise.all([dispatchOutbox(t.db, working), dispatchOutbox(t.db, working)]);
    expect(a + b).toBe(pending.length);
    expect(sent).toHaveLength(pending.length);
    expect(sent[0]!.to).toBe(w.applicant.phone);

    const { caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: { name: '店', phone: '13800138000' } });
    await cases.acceptCase({ db: t.db, actor: toActorOf(w.clerk), caseId });
    const failing: MessageSender = { send: async () => Promise.reject(new Error('gateway down')) };
    expect(await dispatchOutbox(t.db, failing)).toBe(0);
    const row = await t.db.selectFrom('outbox').selectAll().where('sent_at', 'is', null).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 1, last_error: 'gateway down' });
    expect(row.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
    // Not due yet: nothing is retried immediately.
    expect(await dispatchOutbox(t.db, working)).toBe(0);
  });
});
