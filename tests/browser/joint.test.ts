import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidCreditCode, withResidentCheck } from '../../server/src/util/identity.js';
import { chinaDate } from '../../server/src/util/china-time.js';
import { currentCalendar } from '../../server/src/modules/calendar/service.js';
import { button, chooseOption, loginAs, postOk, sharedApi, startPlatform, type Platform } from './harness.js';

let platform: Platform;
/** Server steps (five cases in one transaction) may take a while on a busy machine. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000, interval: 250 });

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

/** Picks an option of the antd select labelled `label`. */
const choose = (page: Page, label: string, option: string) => chooseOption(page, page.getByLabel(label, { exact: true }), option);

async function fill(page: Page, fields: Record<string, string>) {
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
}

/** Reviewers of the construction stages' departments in the demo city. */
const STAGE_REVIEWERS: Record<string, string> = {
  reviewer_fg: '梅河口市发展和改革局',
  reviewer_zy: '梅河口市自然资源局',
  reviewer_rf: '梅河口市人民防空办公室',
  reviewer_qx: '梅河口市气象局',
};

/** Reviewers of the 企业开办 departments in the demo city. */
const REVIEWERS: Record<string, string> = {
  梅河口市市场监督管理局: 'reviewer1',
  梅河口市公安局: 'reviewer_ga',
  国家税务总局梅河口市税务局: 'reviewer_sw',
  梅河口市人力资源和社会保障局: 'reviewer_rs',
  梅河口市住房公积金管理中心: 'reviewer_gjj',
};

interface Detail {
  id: string;
  status: string;
  dueDate: string | null;
  children: { caseId: string; departmentName: string }[];
  events: { action: string; at: string }[];
  result: { licence?: { creditCode: string } } | null;
}

describe('joint approval, as people use it', () => {
  it('企业开办: one form, one intake, five departments in parallel, one business licence within the promised day', { timeout: 240_000 }, async () => {
    const owner = await loginAs(platform, 'enterprise1');
    await owner.goto('/portal/bundles');
    await owner.getByTestId('bundle-card').filter({ hasText: '企业开办' }).getByRole('button', { name: /一表申请/ }).click();
    await fill(owner, {
      企业名称: '梅河口市云岭数字科技有限公司',
      住所: '梅河口市人民大街 88 号 3 楼',
      法定代表人: '周建国',
      法定代表人身份证号: withResidentCheck('22058119800101001'),
      '注册资本（万元）': '100',
      经营范围: '软件开发；信息技术咨询服务',
      参保职工人数: '6',
      联系人: '周建国',
      联系电话: '13504351234',
    });
    await choose(owner, '刻制印章', '公章、财务专用章、发票专用章');
    await choose(owner, '申领发票种类', '数电发票（普通发票）');
    await choose(owner, '公积金缴存比例', '12%');
    await choose(owner, '是否经营食品', '否');
    await owner.getByTestId('submit-bundle').click();
    await owner.waitForURL(/\/portal\/joint\/[0-9a-f-]{36}$/);
    const number = (await owner.getByTestId('joint-number').first().innerText()).trim();
    const jointId = owner.url().split('/').at(-1)!;

    // One window accepts once: five departments get their cases at the same moment.
    const clerk = await loginAs(platform, 'clerk1');
    await clerk.goto('/hall/joint');
    await clerk.getByTestId('joint-row').filter({ hasText: number }).click();
    await clerk.getByTestId('joint-accept').click();
    await poll(() => clerk.getByTestId('child-row').count()).toBe(5);

    // A department sees its case in its inbox with the siblings' status only.
    const market = await loginAs(platform, 'reviewer1');
    const detail = (await (await (await sharedApi(platform, 'clerk1')).get(`/api/joint-applications/${jointId}`)).json()) as { application: Detail };
    const ownCase = detail.application.children.find((c) => c.departmentName === '梅河口市市场监督管理局')!;
    await market.goto(`/review/cases/${ownCase.caseId}`);
    await poll(() => market.getByTestId('joint-siblings').locator('tbody tr').count()).toBe(5);
    expect(await market.getByTestId('joint-siblings').innerText()).not.toContain(detail.application.children[1]!.caseId);

    // Each department decides in parallel (through the API: the UI of a single case is tested elsewhere).
    await Promise.all(
      detail.application.children.map(async (c) => {
        const reviewer = await sharedApi(platform, REVIEWERS[c.departmentName]!);
        await postOk(reviewer, `/api/cases/${c.caseId}/claim`);
        await postOk(reviewer, `/api/cases/${c.caseId}/complete-review`, { opinion: '材料齐全，符合条件' });
        await postOk(reviewer, `/api/cases/${c.caseId}/approve`);
      }),
    );

    // 统一出件: one business licence carrying a valid 统一社会信用代码 and the other records.
    await clerk.reload();
    await clerk.getByTestId('joint-issue').click();
    await clerk.getByTestId('credit-code').first().waitFor();
    await owner.reload();
    const code = (await owner.getByTestId('credit-code').first().innerText()).trim();
    expect(isValidCreditCode(code)).toBe(true);
    const licenceText = await owner.getByTestId('business-licence').innerText();
    for (const record of ['公章刻制备案', '发票领用', '单位社会保险登记', '单位住房公积金缴存登记']) expect(licenceText).toContain(record);
    const finished = (await (await (await sharedApi(platform, 'enterprise1')).get(`/api/joint-applications/${jointId}`)).json()) as { application: Detail };
    expect(finished.application.status).toBe('completed');
    expect(finished.application.result!.licence!.creditCode).toBe(code);
    expect(chinaDate(new Date(finished.application.events.at(-1)!.at)) <= finished.application.dueDate!).toBe(true);
  });

  it('an agent applies for a villager under a signed authorisation; the villager sees every step and revokes', { timeout: 240_000 }, async () => {
    const agent = await loginAs(platform, 'agent1');
    await agent.goto('/agent');
    await button(agent, '登记代办委托').click();
    await fill(agent, { '委托人姓名（名称）': '李娜', '身份证号（统一社会信用代码）': withResidentCheck('22058119920308004'), 联系电话: '13943567890', 委托事项说明: '新生儿出生一件事' });
    await agent.locator('input[type=file]').setInputFiles({ name: '委托书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
    await agent.getByTestId('authorise').click();
    const client = agent.getByTestId('client-row').filter({ hasText: '李娜' });
    await poll(() => client.getByTestId('client-status').innerText()).toBe('有效');

    await client.getByRole('button', { name: /代为申请/ }).click();
    await agent.getByTestId('bundle-card').filter({ hasText: '新生儿出生一件事' }).getByRole('button', { name: /一表申请/ }).click();
    // The date first: Enter commits it, and the form (still incomplete) is not sent.
    await agent.getByLabel('出生日期', { exact: true }).fill(chinaDate());
    await agent.getByLabel('出生日期', { exact: true }).press('Enter');
    await fill(agent, {
      新生儿姓名: '王小满',
      出生医院: '梅河口市中心医院',
      父亲姓名: '王海',
      母亲姓名: '李娜',
      申报人身份证号: withResidentCheck('22058119920308004'),
      户籍地址: '梅河口市山城镇西村 3 组',
      联系人: '李娜',
      联系电话: '13943567890',
    });
    await choose(agent, '性别', '女');
    await agent.getByTestId('submit-bundle').click();
    await agent.waitForURL(/\/agent\/joint\/[0-9a-f-]{36}$/);
    const number = (await agent.getByTestId('joint-number').first().innerText()).trim();

    // The villager sees the application filed for her, and every step the agent took.
    const villager = await loginAs(platform, 'applicant2');
    await villager.goto('/portal/joint');
    await villager.getByTestId('joint-row').filter({ hasText: number }).click();
    await poll(() => villager.getByTestId('joint-event').first().innerText()).toContain('代办员，为申请人 李娜');
    await villager.goto('/portal/agency');
    await poll(() => villager.getByTestId('agent-step').count()).toBe(2);
    expect(await villager.getByTestId('agent-step').first().innerText()).toContain(`代办员 周敏 为申请人 李娜：提交联办申请「新生儿出生一件事」（${number}）`);

    // She revokes; the agent can no longer act for her.
    await villager.getByTestId('authorisation-row').getByRole('button', { name: /撤销委托/ }).click();
    await villager.locator('.ant-popconfirm').getByRole('button', { name: /撤\s*销/ }).click();
    await poll(() => villager.getByTestId('authorisation-status').innerText()).toBe('已撤销');
    const agentApi = await sharedApi(platform, 'agent1');
    const { authorisations } = (await (await agentApi.get('/api/agency/authorisations')).json()) as { authorisations: { applicantId: number; status: string }[] };
    const refused = await agentApi.post('/api/joint-applications', { data: { bundleId: 2, formData: {}, applicantId: authorisations[0]!.applicantId } });
    expect(refused.status()).toBe(403);
    await agent.goto('/agent');
    await poll(() => agent.getByTestId('client-status').first().innerText()).toBe('已撤销');
  });

  it('a construction project through four stages: one form per stage, a joint drawing review, a meeting deciding three cases, a late department named', { timeout: 240_000 }, async () => {
    // Setup by API: the window registers the project (the registry's UI is not what is judged).
    const [clerkApi, ownerApi] = await Promise.all([sharedApi(platform, 'clerk1'), sharedApi(platform, 'enterprise1')]);
    const owner = ((await (await ownerApi.get('/api/auth/me')).json()) as { user: { id: number } }).user;
    const { project } = await postOk<{ project: { id: number; code: string } }>(clerkApi, '/api/projects', {
      name: '梅河口市第三中学教学楼新建工程',
      ownerId: owner.id,
      location: '梅河口市育才路 16 号',
      investmentWan: 6800,
      industryCode: '47',
      projectType: '01',
    });
    type Board = { stages: { stageNo: number; status: string; jointApplicationId: string | null; cells: { caseId: string; departmentId: number; departmentName: string; status: string }[] }[] };
    const board = async () => ((await (await clerkApi.get(`/api/projects/${project.id}`)).json()) as { project: Board }).project;
    const contact = { contactName: '王校长', contactPhone: '13504359876' };
    const base = { projectName: '梅河口市第三中学教学楼新建工程', projectCode: project.code, projectAddress: '梅河口市育才路 16 号', ...contact };
    /** The window accepts a stage, a meeting by API decides its open cases (all but `keep`), the window issues once none is left. */
    const acceptStage = async (stageNo: number) => {
      const stage = (await board()).stages[stageNo - 1]!;
      await postOk(clerkApi, `/api/joint-applications/${stage.jointApplicationId}/accept`);
      return (await board()).stages[stageNo - 1]!;
    };
    const decideByApi = async (stageNo: number, keep: string[] = []) => {
      const cells = (await board()).stages[stageNo - 1]!.cells.filter((c) => c.status === 'accepted' && !keep.includes(c.caseId));
      await postOk(clerkApi, '/api/joint-meetings', {
        title: `第 ${stageNo} 阶段联审会议`,
        heldOn: chinaDate(),
        departmentIds: [...new Set(cells.map((c) => c.departmentId))],
        projectIds: [project.id],
        minutes: '各部门意见一致，同意。',
        decisions: cells.map((c) => ({ caseId: c.caseId, decision: 'approve', opinion: '符合条件，同意' })),
      });
    };
    const issueStage = async (stageNo: number) => postOk(clerkApi, `/api/joint-applications/${(await board()).stages[stageNo - 1]!.jointApplicationId}/issue`, { delivery: { method: 'window' } });

    // Stage 1 through the owner's stage map: one form for three items.
    const ownerPage = await loginAs(platform, 'enterprise1');
    await ownerPage.goto('/portal/projects');
    const card = ownerPage.getByTestId('project-card').filter({ hasText: '梅河口市第三中学教学楼新建工程' });
    await card.getByRole('button', { name: /申报本阶段/ }).click();
    await fill(ownerPage, { '总投资（万元）': '6800', '用地面积（平方米）': '12000', 用地性质: '教育用地', ...{ 联系人: '王校长', 联系电话: '13504359876' } });
    await button(ownerPage, '一次提交').click();
    await ownerPage.waitForURL('**/portal/projects');
    await acceptStage(1);
    await decideByApi(1);
    await issueStage(1);

    // Stage 2: 联合图审 organised at the window, signed by every department, one by its reviewer's page.
    await postOk(ownerApi, `/api/projects/${project.id}/stages/2`, { formData: { ...base, buildingArea: 9800 } });
    const stage2 = await acceptStage(2);
    const clerk = await loginAs(platform, 'clerk1');
    await clerk.goto(`/hall/projects/${project.id}`);
    await clerk.getByTestId('new-joint-review').click();
    await button(clerk, '组织').click();
    await clerk.getByTestId('joint-review').first().waitFor();
    const reviewDepartments = [...new Set((await board()).stages.flatMap((s) => s.cells.map((c) => c.departmentName)))];
    const { reviews } = (await (await clerkApi.get(`/api/projects/${project.id}`)).json()) as { reviews: { id: number; opinions: { departmentName: string }[] }[] };
    expect(reviews[0]!.opinions.map((o) => o.departmentName).sort()).toEqual(reviewDepartments.sort());
    const land = await loginAs(platform, 'reviewer_zy');
    await land.goto('/review');
    await land.getByRole('tab', { name: '联合图审/验收' }).click();
    await land.getByTestId('sign-joint-review').getByRole('textbox').fill('规划指标符合要求');
    await land.getByTestId('sign-joint-review').getByRole('button', { name: /签\s*署/ }).click();
    await land.getByText('通过：规划指标符合要求').waitFor();
    for (const [username, department] of Object.entries(STAGE_REVIEWERS)) {
      if (username === 'reviewer_zy' || !reviewDepartments.includes(department)) continue;
      await postOk(await sharedApi(platform, username), `/api/joint-reviews/${reviews[0]!.id}/sign`, { conclusion: 'pass', opinion: '同意' });
    }
    await clerk.reload();
    await clerk.getByText('各部门已签署，记录办结').waitFor();

    // The joint review meeting decides stage 2's three cases at once, from the window's desk.
    await clerk.getByTestId('new-meeting').click();
    await poll(() => clerk.getByTestId('meeting-line').count()).toBe(3);
    await clerk.locator('#meeting-minutes').fill('会议审议了规划许可、人防报建、防雷设计审核，各部门同意。');
    await button(clerk, '记录会议并作出决定').click();
    await poll(() => clerk.getByTestId('meeting-record').locator('tbody tr').count()).toBe(3);
    expect((await board()).stages[1]!.cells.map((c) => c.status)).toEqual(stage2.cells.map(() => 'approved'));
    await issueStage(2);

    // Stages 3 and 4 by API; in stage 4 one department is slow.
    await postOk(ownerApi, `/api/projects/${project.id}/stages/3`, { formData: { ...base, contractPrice: 5200, startDate: chinaDate() } });
    await acceptStage(3);
    await decideByApi(3);
    await issueStage(3);
    await postOk(ownerApi, `/api/projects/${project.id}/stages/4`, { formData: { ...base, completedOn: chinaDate() } });
    const stage4 = await acceptStage(4);
    const slow = stage4.cells.find((c) => c.departmentName.includes('气象'))!;
    await decideByApi(4, [slow.caseId]);

    // The slow department's deadline comes near (yellow), then passes (red): the board names it.
    const calendar = await currentCalendar(platform.db!);
    const today = chinaDate();
    const setClock = async (warn: string, due: string) => {
      await platform.db!.updateTable('joint_applications').set({ warn_date: warn, due_date: due }).where('id', '=', stage4.jointApplicationId!).execute();
      await platform.db!.updateTable('cases').set({ warn_date: warn, due_date: due }).where('id', '=', slow.caseId).execute();
    };
    await setClock(today, calendar.addWorkdays(today, 1).due);
    const supervisor = await loginAs(platform, 'supervisor');
    await supervisor.goto('/supervise/projects');
    const watched = supervisor.getByTestId('project-card').filter({ hasText: '梅河口市第三中学教学楼新建工程' });
    await poll(() => watched.getByTestId('project-light').innerText()).toContain('预警');
    expect(await watched.getByTestId('project-bottleneck').innerText()).toContain(slow.departmentName);
    const yesterday = calendar.addWorkdays(today, -1).due;
    await setClock(yesterday, yesterday);
    await supervisor.reload();
    await poll(() => watched.getByTestId('project-light').innerText()).toContain('超期');
    expect(await watched.getByTestId('project-bottleneck').innerText()).toContain(slow.departmentName);

    // It decides at last, by its own steps; the fourth stage is issued and the project has gone through all four.
    const weather = await sharedApi(platform, 'reviewer_qx');
    await postOk(weather, `/api/cases/${slow.caseId}/claim`);
    await postOk(weather, `/api/cases/${slow.caseId}/complete-review`, { opinion: '防雷装置检测合格' });
    await postOk(weather, `/api/cases/${slow.caseId}/approve`);
    await issueStage(4);
    expect((await board()).stages.map((s) => s.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    await ownerPage.reload();
    // One card, visible headers only (a wide antd table keeps hidden copies of its header cells).
    await poll(() => ownerPage.getByTestId('project-card').filter({ hasText: '梅河口市第三中学教学楼新建工程' }).first().getByText(/已完成 · 限/).filter({ visible: true }).count()).toBe(4);
  });
});

