import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { makeCentre, makeUser, toActorOf } from '../../test/factories.js';
import { makeBundle, makeMember } from '../../test/joint-factories.js';
import { chinaDate } from '../../util/china-time.js';
import { currentCalendar } from '../calendar/service.js';
import { getCaseDetail } from '../cases/view.js';
import { claimCase } from '../cases/service.js';
import { acceptJointApplication, issueJointApplication } from '../joint/service.js';
import { sealSignerFor } from '../seals/keystore.js';
import { stageFigures } from './circular.js';
import { createJointReview, holdJointMeeting, listJointReviews, signJointReview } from './records.js';
import { GREEN_CHANNEL_SHARE, openStage, projectBoard, registerProject } from './service.js';

let t: TestDatabase;
let centre: Awaited<ReturnType<typeof makeCentre>>;
let members: Awaited<ReturnType<typeof makeMember>>[];
let owner: Awaited<ReturnType<typeof makeUser>>;
let clerk: Awaited<ReturnType<typeof makeUser>>;
let supervisor: Awaited<ReturnType<typeof makeUser>>;
let agent: Awaited<ReturnType<typeof makeUser>>;
const STAGE_LIMITS = [10, 10, 5, 8];
const form = { companyName: '梅河口市鑫达食品有限公司', contactName: '周建国', contactPhone: '13504351234' };

beforeAll(async () => {
  t = await createTestDatabase();
  centre = await makeCentre(t.db);
  members = [await makeMember(t.db, centre, 3), await makeMember(t.db, centre, 5), await makeMember(t.db, centre, 8)];
  owner = await makeUser(t.db, 'applicant', { kind: 'legal' });
  clerk = await makeUser(t.db, 'clerk', { centreId: centre.id });
  supervisor = await makeUser(t.db, 'supervisor', { regionCode: '220581' });
  agent = await makeUser(t.db, 'agent', { centreId: centre.id });
  // Four stages, each a joint application of the three departments' items.
  for (const [i, limit] of STAGE_LIMITS.entries()) await makeBundle(t.db, centre.id, members.map((m) => m.item.id), { kind: 'stage', stageNo: i + 1, promised: limit });
});
afterAll(() => t.destroy());

const as = toActorOf;
const register = (keyProject = false) =>
  registerProject({
    db: t.db,
    actor: as(clerk),
    request: { name: '食品加工厂扩建项目', ownerId: owner.id, location: '梅河口市经济开发区', investmentWan: 18600, industryCode: '14', projectType: '03', keyProject, agentId: keyProject ? agent.id : undefined },
  });
const children = (jointId: string) => t.db.selectFrom('cases').selectAll().where('joint_application_id', '=', jointId).orderBy('department_id').execute();

async function stageUnderWay(projectId: number, stageNo = 1, commitment?: string) {
  const joint = await openStage({ db: t.db, actor: as(owner), projectId, stageNo, formData: form, commitment });
  await acceptJointApplication({ db: t.db, actor: as(clerk), id: joint.id });
  return { joint, cases: await children(joint.id) };
}

function meeting(cases: { id: string; department_id: number }[], title = '第 12 次工程建设项目联审会议') {
  return holdJointMeeting({
    db: t.db,
    actor: as(clerk),
    request: {
      title,
      heldOn: chinaDate(),
      departmentIds: members.map((m) => m.department.id),
      projectIds: [],
      minutes: '会议审议了项目三项审批事项，各部门意见一致。',
      decisions: cases.map((c) => ({ caseId: c.id, decision: 'approve' as const, opinion: '符合要求，同意', representativeId: members.find((m) => m.department.id === c.department_id)!.reviewer.id })),
    },
  });
}

/** 统一出件 issues any licence the stage's items produce (none here) with a fixed test seal key. */
const licences = { signer: sealSignerFor({ sealKey: 'ab'.repeat(32), dataDir: '' }), publicUrl: 'http://test' };

describe('the project registry', () => {
  it('codes projects in the national investment-project format and sets the four stage limits', async () => {
    const year = chinaDate().slice(0, 4);
    const first = await register();
    const second = await register(true);
    expect(first.code).toBe(`${year}-220581-14-03-000001`);
    expect(second.code).toBe(`${year}-220581-14-03-000002`);
    expect(first.limit_days).toBe(33);
    const [board] = await projectBoard(t.db, as(clerk), { id: second.id });
    // 绿色通道: the tighter target on every stage.
    expect(board!.stages.map((s) => s.limitDays)).toEqual(STAGE_LIMITS.map((d) => Math.ceil(d * GREEN_CHANNEL_SHARE)));
    expect(board!.keyProject).toBe(true);
    expect(board!.agentName).toBe(agent.display_name);
    await expect(registerProject({ db: t.db, actor: as(clerk), request: { name: 'x项目', ownerId: owner.id, location: '某地', investmentWan: 1, industryCode: '14', projectType: '03', keyProject: true } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('a stage opens after the previous one completes, or alongside it on a 容缺 commitment', async () => {
    const project = await register();
    await expect(openStage({ db: t.db, actor: as(owner), projectId: project.id, stageNo: 2, formData: form })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const { joint, cases } = await stageUnderWay(project.id);
    await expect(openStage({ db: t.db, actor: as(owner), projectId: project.id, stageNo: 2, formData: form })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await stageUnderWay(project.id, 2, '本单位承诺在规划许可核发前不开工，并按审批意见修改设计。');
    await meeting(cases);
    await issueJointApplication({ db: t.db, actor: as(clerk), id: joint.id, delivery: { method: 'window' }, licences });
    const [board] = await projectBoard(t.db, as(clerk), { id: project.id });
    expect(board!.stages.map((s) => s.status)).toEqual(['completed', 'open', 'waiting', 'waiting']);
    expect(board!.stages[1]!.commitment).toContain('承诺');
  });
});

describe('the project board', () => {
  it('a late department turns the stage and the project yellow, then red, and is named', async () => {
    const project = await register();
    const { joint, cases } = await stageUnderWay(project.id);
    const calendar = await currentCalendar(t.db);
    const today = chinaDate();
    const slow = members[1]!;
    const slowCase = cases.find((c) => c.department_id === slow.department.id)!;
    // The others decide; the slow department's deadline comes near (yellow), then passes (red).
    await meeting(cases.filter((c) => c.id !== slowCase.id));
    await t.db.updateTable('joint_applications').set({ warn_date: today, due_date: calendar.addWorkdays(today, 1).due }).where('id', '=', joint.id).execute();
    await t.db.updateTable('cases').set({ warn_date: today, due_date: calendar.addWorkdays(today, 1).due }).where('id', '=', slowCase.id).execute();
    let [board] = await projectBoard(t.db, as(supervisor), { id: project.id });
    expect(board!.light).toBe('yellow');
    expect(board!.stages[0]!.light).toBe('yellow');
    expect(board!.bottleneck).toMatchObject({ stageNo: 1, departmentName: slow.department.name, late: false });

    const yesterday = calendar.addWorkdays(today, -1).due;
    await t.db.updateTable('joint_applications').set({ warn_date: yesterday, due_date: yesterday }).where('id', '=', joint.id).execute();
    await t.db.updateTable('cases').set({ warn_date: yesterday, due_date: yesterday }).where('id', '=', slowCase.id).execute();
    [board] = await projectBoard(t.db, as(supervisor), { id: project.id });
    expect(board!.light).toBe('red');
    expect(board!.bottleneck).toMatchObject({ stageNo: 1, departmentName: slow.department.name, late: true });
    const cells = board!.stages[0]!.cells;
    expect(cells.map((c) => [c.departmentName, c.light])).toEqual(
      members.map((m) => [m.department.name, m.department.id === slow.department.id ? 'red' : null]),
    );
  });
});

describe('joint activities', () => {
  it('联合图审: one record, each department’s opinion and sign-off; closed with the last', async () => {
    const project = await register();
    const review = await createJointReview({ db: t.db, actor: as(clerk), projectId: project.id, request: { kind: 'drawing_review', title: '施工图联合审查', heldOn: chinaDate(), departmentIds: members.map((m) => m.department.id) } });
    expect(review.opinions).toHaveLength(3);
    expect(review.closed).toBe(false);
    await signJointReview({ db: t.db, actor: members[0]!.actor, reviewId: review.id, conclusion: 'pass', opinion: '消防设计符合规范' });
    await expect(signJointReview({ db: t.db, actor: members[0]!.actor, reviewId: review.id, conclusion: 'fail', opinion: '改主意' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await signJointReview({ db: t.db, actor: members[1]!.actor, reviewId: review.id, conclusion: 'pass_with_conditions', opinion: '人防出入口按意见调整' });
    await signJointReview({ db: t.db, actor: members[2]!.actor, reviewId: review.id, conclusion: 'pass', opinion: '防雷设计符合规范' });
    const [closed] = await listJointReviews(t.db, as(clerk), project.id);
    expect(closed!.closed).toBe(true);
    expect(closed!.opinions.map((o) => [o.departmentName, o.conclusionLabel, o.signedBy])).toEqual(
      members.map((m, i) => [m.department.name, ['通过', '有条件通过', '通过'][i], m.reviewer.display_name]),
    );
    // A department not taking part signs nothing.
    const stranger = await makeMember(t.db, centre);
    await expect(signJointReview({ db: t.db, actor: stranger.actor, reviewId: review.id, conclusion: 'pass', opinion: '同意' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('联审会议 decides three child cases at once, each decision on its case timeline', async () => {
    const project = await register();
    const { cases } = await stageUnderWay(project.id);
    // One department had already claimed its case: its reviewer represents it.
    await claimCase({ db: t.db, actor: members[0]!.actor, caseId: cases.find((c) => c.department_id === members[0]!.department.id)!.id });
    const held = await meeting(cases, '第 13 次联审会议');
    expect(held.decisions).toHaveLength(3);
    for (const c of cases) {
      const member = members.find((m) => m.department.id === c.department_id)!;
      const detail = await getCaseDetail(t.db, member.actor, c.id);
      expect(detail.status).toBe('approved');
      const last = detail.timeline.at(-1)!;
      expect(last.action).toBe('approve');
      expect(last.note).toContain('联审会议《第 13 次联审会议》');
    }
    // A decided case cannot be decided again by another meeting.
    await expect(meeting(cases.slice(0, 1))).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('without named representatives, the assignee speaks for the department, else its 首席代表', async () => {
    const project = await register();
    const { cases } = await stageUnderWay(project.id);
    const [claimed, chiefs, plain] = [members[0]!, members[1]!, members[2]!];
    const caseOf = (m: (typeof members)[number]) => cases.find((c) => c.department_id === m.department.id)!;
    await claimCase({ db: t.db, actor: claimed.actor, caseId: caseOf(claimed).id });
    // A second reviewer of the middle department is its 首席代表; the first one is not.
    const chief = await makeUser(t.db, 'reviewer', { centreId: centre.id, departmentId: chiefs.department.id });
    await t.db.updateTable('users').set({ chief_representative: true }).where('id', '=', chief.id).execute();
    const held = await holdJointMeeting({
      db: t.db,
      actor: as(clerk),
      request: {
        title: '第 14 次联审会议',
        heldOn: chinaDate(),
        departmentIds: members.map((m) => m.department.id),
        projectIds: [project.id],
        minutes: '会议审议了三项审批事项。',
        decisions: cases.map((c) => ({ caseId: c.id, decision: 'approve' as const, opinion: '同意' })),
      },
    });
    expect(held.decisions).toHaveLength(3);
    const rows = await t.db.selectFrom('joint_meeting_decisions').select(['case_id', 'decided_by']).where('meeting_id', '=', held.id).execute();
    const decidedBy = (m: (typeof members)[number]) => rows.find((r) => r.case_id === caseOf(m).id)!.decided_by;
    expect([decidedBy(claimed), decidedBy(chiefs), decidedBy(plain)]).toEqual([claimed.reviewer.id, chief.id, plain.reviewer.id]);
    expect(held.projects).toEqual(['食品加工厂扩建项目']);
  });
});

describe('the monthly circular', () => {
  it('stage figures add up to the hand-counted child cases of the month', async () => {
    const project = await register();
    const { joint, cases } = await stageUnderWay(project.id);
    await meeting(cases);
    await issueJointApplication({ db: t.db, actor: as(clerk), id: joint.id, delivery: { method: 'window' }, licences });
    const month = chinaDate().slice(0, 7);
    const figures = await stageFigures(t.db, as(supervisor), month);
    // By hand: every child case of a stage-1 application decided this month, per department.
    const decided = await t.db
      .selectFrom('cases')
      .innerJoin('project_stages', 'project_stages.joint_application_id', 'cases.joint_application_id')
      .select(['cases.department_id', 'cases.workdays_used', 'cases.decided_at', 'project_stages.stage_no'])
      .where('cases.decided_at', 'is not', null)
      .execute();
    const thisMonth = decided.filter((c) => chinaDate(c.decided_at!).slice(0, 7) === month);
    for (const stage of figures.stages) {
      const mine = thisMonth.filter((c) => c.stage_no === stage.stageNo);
      expect(stage.departments.reduce((n, d) => n + d.decidedCases, 0)).toBe(mine.length);
      for (const d of stage.departments) {
        const own = mine.filter((c) => c.department_id === d.departmentId);
        expect(d.decidedCases).toBe(own.length);
        expect(d.workdaysUsed).toBe(own.reduce((n, c) => n + (c.workdays_used ?? 0), 0));
      }
    }
    const completed = await t.db
      .selectFrom('joint_applications')
      .innerJoin('project_stages', 'project_stages.joint_application_id', 'joint_applications.id')
      .select(['joint_applications.completed_at', 'project_stages.stage_no'])
      .where('joint_applications.status', '=', 'completed')
      .execute();
    const completedThisMonth = completed.filter((c) => chinaDate(c.completed_at!).slice(0, 7) === month);
    expect(figures.stages[0]!.completedApplications).toBe(completedThisMonth.filter((c) => c.stage_no === 1).length);
    expect(figures.stages[0]!.completedApplications).toBeGreaterThanOrEqual(1);
    expect(figures.joint.completedApplications).toBe(completedThisMonth.length);
    expect(figures.joint.onTime + figures.joint.late).toBe(figures.joint.completedApplications);
    await expect(stageFigures(t.db, as(clerk), month)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
