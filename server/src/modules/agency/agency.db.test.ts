import path from 'node:path';
import os from 'node:os';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { makeCentre, makeUser, toActorOf } from '../../test/factories.js';
import { JOINT_FORM, LETTER_PDF, makeBundle, makeMember } from '../../test/joint-factories.js';
import { chinaDate } from '../../util/china-time.js';
import { withResidentCheck } from '../../util/identity.js';
import { FileStore } from '../materials/storage.js';
import { submitJointApplication } from '../joint/service.js';
import { getJointDetail } from '../joint/view.js';
import { createAuthorisation, listAgentSteps, listAuthorisations, readLetter, revokeAuthorisation } from './service.js';

let t: TestDatabase;
let store: FileStore;
let dir: string;
let agent: Awaited<ReturnType<typeof makeUser>>;
let otherAgent: Awaited<ReturnType<typeof makeUser>>;
let bundleId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'onewindow-agency-'));
  store = new FileStore(dir);
  const centre = await makeCentre(t.db);
  const members = [await makeMember(t.db, centre), await makeMember(t.db, centre)];
  agent = await makeUser(t.db, 'agent', { centreId: centre.id });
  otherAgent = await makeUser(t.db, 'agent', { centreId: centre.id });
  bundleId = (await makeBundle(t.db, centre.id, members.map((m) => m.item.id))).id;
});
afterAll(async () => {
  await t.destroy();
  await fs.rm(dir, { recursive: true, force: true });
});

const villager = (digits: string) => ({ kind: 'natural' as const, name: '王秀兰', identityNumber: withResidentCheck(`22058119600315${digits}`), phone: '13904351234' });
const letter = { fileName: '委托书.pdf', contentBase64: LETTER_PDF.toString('base64') };
const today = chinaDate();
const plusDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function authorise(digits: string, scope: ('apply' | 'correct' | 'receive' | 'track')[] = ['apply', 'correct', 'track']) {
  return createAuthorisation({ db: t.db, store, actor: toActorOf(agent), request: { applicant: villager(digits), scope, scopeNote: '新生儿出生一件事', validFrom: today, validUntil: plusDays(90), letter } });
}

const applicantOf = async (digits: string) =>
  toActorOf(await t.db.selectFrom('users').selectAll().where('identity_number', '=', villager(digits).identityNumber).executeTakeFirstOrThrow());

describe('全程代办', () => {
  it('an agent applies for a villager under a recorded authorisation; every step says who for whom', async () => {
    const authorisation = await authorise('001');
    expect(authorisation).toMatchObject({ status: 'active', scope: ['apply', 'correct', 'track'], fee: 0, applicantName: '王秀兰' });
    expect(authorisation.applicantIdentity).not.toContain('0315');
    const client = await applicantOf('001');
    const joint = await submitJointApplication({ db: t.db, actor: toActorOf(agent), bundleId, formData: JOINT_FORM, applicantId: client.id });
    expect(joint.applicant_id).toBe(client.id);
    expect(joint.agent_id).toBe(agent.id);
    // The villager sees the application, and every step taken for them.
    const detail = await getJointDetail(t.db, client, joint.id);
    expect(detail.agentName).toBe(agent.display_name);
    expect(detail.events[0]).toMatchObject({ action: 'submit', actorName: agent.display_name, onBehalfOf: '王秀兰' });
    const steps = await listAgentSteps(t.db, client);
    expect(steps.map((s) => s.summary)).toEqual([
      `代办员 ${agent.display_name} 为申请人 王秀兰：提交联办申请「测试一件事」（${joint.number}）`,
      `代办员 ${agent.display_name} 为申请人 王秀兰：登记代办委托（委托书已上传）`,
    ]);
    // The signed letter is kept as uploaded, for the two of them only.
    expect((await readLetter(t.db, store, client, authorisation.id)).content.equals(LETTER_PDF)).toBe(true);
    await expect(readLetter(t.db, store, toActorOf(otherAgent), authorisation.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the villager revokes; the agent can do nothing more for them', async () => {
    const authorisation = await authorise('002');
    const client = await applicantOf('002');
    const revoked = await revokeAuthorisation({ db: t.db, actor: client, id: authorisation.id, reason: '已自行办理' });
    expect(revoked.status).toBe('revoked');
    await expect(submitJointApplication({ db: t.db, actor: toActorOf(agent), bundleId, formData: JOINT_FORM, applicantId: client.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(revokeAuthorisation({ db: t.db, actor: client, id: authorisation.id, reason: '' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    // The agent was told.
    const told = await t.db.selectFrom('notifications').select('title').where('user_id', '=', agent.id).where('kind', '=', 'agency_revoked').execute();
    expect(told.length).toBeGreaterThanOrEqual(1);
  });

  it('no authorisation, another agent’s, the wrong scope, or an expired one: refused', async () => {
    await authorise('003', ['track']);
    const client = await applicantOf('003');
    await expect(submitJointApplication({ db: t.db, actor: toActorOf(agent), bundleId, formData: JOINT_FORM, applicantId: client.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await authorise('004');
    const other = await applicantOf('004');
    await expect(submitJointApplication({ db: t.db, actor: toActorOf(otherAgent), bundleId, formData: JOINT_FORM, applicantId: other.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await t.db.updateTable('agent_authorisations').set({ valid_from: plusDays(-30), valid_until: plusDays(-1) }).where('applicant_id', '=', other.id).execute();
    await expect(submitJointApplication({ db: t.db, actor: toActorOf(agent), bundleId, formData: JOINT_FORM, applicantId: other.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await listAuthorisations(t.db, other))[0]!.status).toBe('expired');
  });

  it('the letter must be a real document', async () => {
    await expect(
      createAuthorisation({ db: t.db, store, actor: toActorOf(agent), request: { applicant: villager('005'), scope: ['apply'], scopeNote: '', validFrom: today, validUntil: plusDays(10), letter: { fileName: 'x.txt', contentBase64: Buffer.from('not a letter at all').toString('base64') } } }),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    await expect(createAuthorisation({ db: t.db, store, actor: toActorOf(makeActorClerk()), request: { applicant: villager('006'), scope: ['apply'], scopeNote: '', validFrom: today, validUntil: plusDays(10), letter } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

function makeActorClerk() {
  return { ...agent, role: 'clerk' as const };
}
