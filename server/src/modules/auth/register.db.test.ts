import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { makeCentre, makeUser, toActorOf } from '../../test/factories.js';
import { withCreditCheck, withResidentCheck } from '../../util/identity.js';
import { findOrAddWalkInApplicant } from './applicants.js';
import { MAX_CODE_ATTEMPTS, REGISTRATION_SENT } from './registration.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await makeCentre(t.db);
});
afterAll(() => t.destroy());

// Each request from its own address: the per-address limit (10 a minute) has its own test.
let address = 0;
const from = () => `10.1.${address >> 8}.${address++ & 255}`;
const register = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/auth/register', payload, remoteAddress: from() });
const confirm = (registrationId: string, code: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/register/confirm', payload: { registrationId, code }, remoteAddress: from() });
const login = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
let n = 0;
const citizen = () => ({
  username: `wangwu${n++}`,
  password: 'Wangwu-2026x',
  kind: 'natural',
  name: '王五',
  identityNumber: withResidentCheck(`2205811990021${String(5000 + n).padStart(4, '0')}`),
  phone: '13712345678',
});

/** An applicant with an online account and a valid, unique 居民身份证号. */
async function accountHolder() {
  const user = await makeUser(t.db, 'applicant');
  const identityNumber = citizen().identityNumber;
  await t.db.updateTable('users').set({ identity_number: identityNumber }).where('id', '=', user.id).execute();
  return { ...user, identity_number: identityNumber };
}

/** The last SMS the registration wrote: its recipient (a user or a bare number) and text. */
async function lastSms() {
  const row = await t.db.selectFrom('outbox').select(['user_id', 'phone', 'template', 'payload']).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const body = (row.payload as { body: string }).body;
  return { userId: row.user_id, phone: row.phone, template: row.template, body, code: /验证码 (\d{6})/.exec(body)?.[1] ?? null };
}

describe('registration', () => {
  it('a new citizen gets a code on the phone they gave, and the code opens the account', async () => {
    const person = citizen();
    const started = await register(person);
    expect(started.statusCode).toBe(202);
    expect(started.json().message).toBe(REGISTRATION_SENT);
    const sms = await lastSms();
    expect(sms).toMatchObject({ userId: null, phone: '13712345678', template: 'register_new' });
    expect(sms.code).toMatch(/^\d{6}$/);
    const confirmed = await confirm(started.json().registrationId, sms.code!);
    expect(confirmed.statusCode).toBe(201);
    expect(confirmed.json().user).toMatchObject({ username: person.username, role: 'applicant', applicantKind: 'natural' });
    expect((await login(person.username, person.password)).statusCode).toBe(200);
    // A code works once.
    expect((await confirm(started.json().registrationId, sms.code!)).statusCode).toBe(400);
  });

  it('an enterprise registers with its 统一社会信用代码', async () => {
    const started = await register({ ...citizen(), kind: 'legal', name: '梅河口市鑫达商贸有限公司', identityNumber: withCreditCheck('91220581MA0Y9X8K3') });
    expect(started.statusCode).toBe(202);
    expect((await confirm(started.json().registrationId, (await lastSms()).code!)).statusCode).toBe(201);
  });

  it('is no oracle: a number with an account, one seen at a window and a new one get the same answer', async () => {
    const holder = await accountHolder();
    const walkInNumber = withResidentCheck('22058119850101777');
    await findOrAddWalkInApplicant(t.db, { kind: 'natural', name: '赵六', identityNumber: walkInNumber, phone: '13500000001' });
    const answers = [];
    for (const identityNumber of [holder.identity_number!, walkInNumber, citizen().identityNumber]) {
      const response = await register({ ...citizen(), identityNumber });
      answers.push({ status: response.statusCode, keys: Object.keys(response.json()).sort(), message: response.json().message });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[1]).toEqual(answers[2]);
    expect(answers[0]).toEqual({ status: 202, keys: ['message', 'registrationId'], message: REGISTRATION_SENT });
  });

  it('a number with an account: the phone on file is told, no code exists, nothing can be confirmed', async () => {
    const holder = await accountHolder();
    const started = await register({ ...citizen(), identityNumber: holder.identity_number! });
    const sms = await lastSms();
    expect(sms).toMatchObject({ userId: holder.id, phone: null, template: 'register_taken', code: null });
    expect(sms.body).toContain(holder.username);
    for (const code of ['000000', '123456']) expect((await confirm(started.json().registrationId, code)).json().error.message).toBe('验证码错误或已过期');
  });

  it('a walk-in applicant’s number: the code goes to the phone on file and opens that applicant’s account', async () => {
    const identityNumber = withResidentCheck('22058119850101888');
    const walkInId = await findOrAddWalkInApplicant(t.db, { kind: 'natural', name: '孙七', identityNumber, phone: '13500000002' });
    const person = { ...citizen(), identityNumber, phone: '13900000000', name: '冒名' };
    const started = await register(person);
    const sms = await lastSms();
    expect(sms).toMatchObject({ userId: walkInId, phone: null, template: 'register_claim' });
    const confirmed = await confirm(started.json().registrationId, sms.code!);
    expect(confirmed.statusCode).toBe(201);
    // The same person as at the window: name and phone on file stay.
    expect(confirmed.json().user).toMatchObject({ id: walkInId, displayName: '孙七', username: person.username });
    const user = await t.db.selectFrom('users').select(['phone']).where('id', '=', walkInId).executeTakeFirstOrThrow();
    expect(user.phone).toBe('13500000002');
    expect((await login(person.username, person.password)).statusCode).toBe(200);
  });

  it(`wrong codes: ${MAX_CODE_ATTEMPTS} end the request, even for the right code afterwards`, async () => {
    const started = await register(citizen());
    const { code } = await lastSms();
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) expect((await confirm(started.json().registrationId, wrong)).statusCode).toBe(400);
    expect((await confirm(started.json().registrationId, code!)).statusCode).toBe(400);
  });

  it('refuses wrong check digits, weak passwords and taken usernames at once', async () => {
    const person = citizen();
    const wrong = await register({ ...person, identityNumber: person.identityNumber.slice(0, 17) + (person.identityNumber[17] === '1' ? '2' : '1') });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].field).toBe('body.identityNumber');
    const weak = await register({ ...citizen(), password: 'short' });
    expect(weak.json().error.details[0].field).toBe('body.password');
    const holder = await makeUser(t.db, 'applicant');
    const taken = await register({ ...citizen(), username: toActorOf(holder).username });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.details[0].field).toBe('body.username');
  });
});
