import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { withCreditCheck, withResidentCheck } from '../../util/identity.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.destroy());

const register = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/auth/register', payload });
const citizen = { username: 'wangwu', password: 'Wangwu-2026x', kind: 'natural', name: '王五', identityNumber: withResidentCheck('22058119900215123'), phone: '13712345678' };

describe('registration', () => {
  it('a citizen registers with a valid ID number and can log in', async () => {
    const response = await register(citizen);
    expect(response.statusCode).toBe(201);
    expect(response.json().user).toMatchObject({ username: 'wangwu', role: 'applicant', applicantKind: 'natural' });
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'wangwu', password: 'Wangwu-2026x' } });
    expect(login.statusCode).toBe(200);
  });

  it('an enterprise registers with its 统一社会信用代码', async () => {
    const response = await register({ ...citizen, username: 'xinda', kind: 'legal', name: '梅河口市鑫达商贸有限公司', identityNumber: withCreditCheck('91220581MA0Y9X8K3') });
    expect(response.statusCode).toBe(201);
  });

  it('refuses wrong check digits, weak passwords, taken names and numbers already on file', async () => {
    const wrong = await register({ ...citizen, username: 'other', identityNumber: citizen.identityNumber.slice(0, 17) + (citizen.identityNumber[17] === '1' ? '2' : '1') });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].field).toBe('body.identityNumber');
    const weak = await register({ ...citizen, username: 'other2', password: 'short' });
    expect(weak.json().error.details[0].field).toBe('body.password');
    expect((await register({ ...citizen, identityNumber: withResidentCheck('22058119900215999') })).json().error.code).toBe('CONFLICT');
    const again = await register({ ...citizen, username: 'wangwu2' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已注册');
  });
});
