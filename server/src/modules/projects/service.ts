import type { Database, Executor } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound, validationFailed } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { userNames } from '../agency/repo.js';
import { calendarFor } from '../calendar/service.js';
import { toChinaDate } from '../calendar/engine.js';
import { caseLight } from '../cases/clock.js';
import { STATUS_LABELS } from '../cases/state-machine.js';
import { onJointCompleted } from '../joint/hooks.js';
import { childCases, type JointRow } from '../joint/repo.js';
import { submitJointApplication } from '../joint/service.js';
import { jointFigures } from '../joint/view.js';
import * as repo from './repo.js';
import { PROJECT_CODE, STAGE_NAMES, type TProject } from './schema.js';
import { now as clockNow } from '../../util/clock.js';

/** National cap on the whole approval of a construction project, working days (国办发〔2019〕11号). */
export const NATIONAL_PROJECT_CAP = 120;
/**
 * 绿色通道: a key project's stage limits are this share of the ordinary ones (rounded up), and its
 * whole-project limit likewise — the tighter target of the green channel.
 */
export const GREEN_CHANNEL_SHARE = 0.7;

const STAGE_STATUS_LABELS = { waiting: '未开始', open: '办理中', completed: '已完成' } as const;

// A stage completes when its joint application is issued (统一出件).
onJointCompleted(async (trx, { jointId, projectId }) => {
  if (projectId === null) return;
  await repo.completeStage(trx, projectId, jointId, clockNow());
});

const green = (days: number) => Math.max(1, Math.ceil(days * GREEN_CHANNEL_SHARE));

/**
 * 项目赋码: the next national investment-project code of the year and division:
 * 2026-220581-48-03-000001.
 */
export async function nextProjectCode(db: Executor, options: { year: string; regionCode: string; industryCode: string; projectType: string }): Promise<string> {
  const prefix = `${options.year}-${options.regionCode}-`;
  const last = await repo.lastProjectSerial(db, prefix);
  const serial = Number(last?.serial ?? 0) + 1;
  const code = `${prefix}${options.industryCode}-${options.projectType}-${String(serial).padStart(6, '0')}`;
  if (!PROJECT_CODE.test(code)) throw validationFailed('body.industryCode', '项目代码不符合国家投资项目代码格式');
  return code;
}

/**
 * 项目登记: the project enters the registry with its code and its four stages, each with the stage
 * bundle's limit (tighter on the green channel); stage 1 can be applied for at once.
 */
export async function registerProject(options: {
  db: Database;
  actor: Actor;
  request: { name: string; ownerId: number; location: string; investmentWan: number; industryCode: string; projectType: '01' | '02' | '03'; keyProject: boolean; agentId?: number };
}) {
  const { db, actor, request } = options;
  if (actor.role !== 'clerk' && actor.role !== 'admin') throw forbidden('由中心窗口或管理员登记项目');
  const centre = await repo.findCentre(db, actor.centreId ?? -1);
  if (!centre) throw forbidden('无所属中心');
  const owner = await repo.findOwner(db, request.ownerId);
  if (!owner || owner.role !== 'applicant') throw notFound('建设单位');
  if (request.agentId !== undefined) {
    const agent = await repo.userRole(db, request.agentId);
    if (agent?.role !== 'agent') throw validationFailed('body.agentId', '代办员须为中心代办人员');
  }
  if (request.keyProject && request.agentId === undefined) throw validationFailed('body.agentId', '重点项目须指定代办员');
  const stages = await repo.stageBundles(db, centre.id);
  if (stages.length !== 4) throw invalidState('本中心未配置工程建设项目的四个审批阶段');
  const stageLimits = stages.map((s) => (request.keyProject ? green(s.promised_limit_days) : s.promised_limit_days));
  const limit = Math.min(NATIONAL_PROJECT_CAP, stageLimits.reduce((a, b) => a + b, 0));
  return db.transaction().execute(async (trx) => {
    // One registration at a time per division, so two never draw the same serial.
    await repo.lockCentre(trx, centre.id);
    const code = await nextProjectCode(trx, { year: chinaDate().slice(0, 4), regionCode: centre.region_code, industryCode: request.industryCode, projectType: request.projectType });
    const project = await repo.insertProject(trx, {
      code,
      name: request.name,
      centre_id: centre.id,
      region_code: centre.region_code,
      owner_id: owner.id,
      owner_name: owner.display_name,
      location: request.location,
      investment_wan: request.investmentWan,
      industry_code: request.industryCode,
      key_project: request.keyProject,
      agent_id: request.agentId ?? null,
      limit_days: limit,
    });
    await repo.insertStages(trx, stages.map((s, i) => ({ project_id: project.id, stage_no: s.stage_no!, bundle_id: s.id, limit_days: stageLimits[i]! })));
    await writeAudit(trx, { actorId: actor.id, action: 'project.register', targetType: 'project', targetId: String(project.id), detail: { code, keyProject: request.keyProject } });
    return project;
  });
}

/**
 * 阶段申报: the owner (or the project's agent under authorisation) applies for a stage as one
 * joint application. A stage opens when the previous one completed, or earlier on a written
 * 容缺 commitment when the previous one is under way.
 */
export async function openStage(options: {
  db: Database;
  actor: Actor;
  projectId: number;
  stageNo: number;
  formData: Record<string, unknown>;
  optionalItemIds?: number[];
  commitment?: string;
}) {
  const { db, actor } = options;
  const project = await repo.visibleProjects(db, actor).where('id', '=', options.projectId).executeTakeFirst();
  if (!project) throw notFound('项目');
  if (actor.role !== 'applicant' && actor.role !== 'agent') throw forbidden('由建设单位或其代办员申报');
  const stages = await repo.projectStages(db, project.id);
  const stage = stages.find((s) => s.stage_no === options.stageNo);
  if (!stage) throw notFound('审批阶段');
  if (stage.status !== 'waiting') throw invalidState('该阶段已申报');
  const previous = stages.find((s) => s.stage_no === options.stageNo - 1);
  if (previous && previous.status !== 'completed') {
    if (previous.status !== 'open' || !options.commitment) throw invalidState(`请先完成「${STAGE_NAMES[previous.stage_no as 1]}」阶段，或提交容缺承诺并联推进`);
  }
  const joint = await submitJointApplication({
    db,
    actor,
    bundleId: stage.bundle_id,
    formData: options.formData,
    optionalItemIds: options.optionalItemIds,
    applicantId: project.owner_id,
    projectId: project.id,
    priority: project.key_project,
    promisedDays: stage.limit_days,
  });
  await repo.openWaitingStage(db, project.id, stage.stage_no, { joint_application_id: joint.id, opened_at: clockNow(), commitment: previous && previous.status !== 'completed' ? options.commitment! : null });
  return joint;
}

/**
 * 项目看板: each project with its four stages × departments, coloured by the clock; the project
 * is as red as its worst stage and names the department holding it (短板部门).
 */
export async function projectBoard(db: Database, actor: Actor, filter: { id?: number } = {}): Promise<TProject[]> {
  let query = repo.visibleProjects(db, actor);
  if (filter.id !== undefined) query = query.where('id', '=', filter.id);
  const projects = await query.orderBy('key_project', 'desc').orderBy('id').execute();
  if (!projects.length) return [];
  const ids = projects.map((p) => p.id);
  const stages = await repo.stagesOfProjects(db, ids);
  const jointIds = stages.map((s) => s.joint_application_id).filter((id): id is string => id !== null);
  const joints = jointIds.length ? await repo.jointApplications(db, jointIds) : [];
  const children = await childCases(db, jointIds);
  const names = new Map((await userNames(db, projects.map((p) => p.agent_id ?? -1))).map((u) => [u.id, u.display_name]));
  const today = chinaDate();
  const rank = { red: 3, yellow: 2, grey: 1, green: 0 } as const;
  const out: TProject[] = [];
  for (const p of projects) {
    const calendar = await calendarFor(db, p.region_code);
    let elapsed = 0;
    let worst: TProject['light'] = null;
    let bottleneck: TProject['bottleneck'] = null;
    const projectStages = stages.filter((s) => s.project_id === p.id).map((s) => {
      const joint = joints.find((j) => j.id === s.joint_application_id) as JointRow | undefined;
      const own = joint ? children.filter((c) => c.joint_application_id === joint.id) : [];
      const figures = joint ? jointFigures(calendar, joint, own, today) : null;
      elapsed += figures?.elapsed ?? 0;
      const light = figures?.light ?? null;
      if (light && (worst === null || rank[light] > rank[worst])) {
        worst = light;
        if (figures?.bottleneck && light !== 'green') bottleneck = { stageNo: s.stage_no, departmentName: figures.bottleneck.departmentName, itemName: figures.bottleneck.itemName, late: figures.bottleneck.late };
      }
      return {
        stageNo: s.stage_no,
        name: STAGE_NAMES[s.stage_no as 1],
        status: s.status,
        statusLabel: STAGE_STATUS_LABELS[s.status],
        limitDays: s.limit_days,
        jointApplicationId: s.joint_application_id,
        jointStatus: joint?.status ?? null,
        dueDate: figures?.dueDate ?? null,
        elapsedWorkdays: figures?.elapsed ?? 0,
        workdaysLeft: figures?.workdaysLeft ?? null,
        light,
        commitment: s.commitment,
        bottleneck: figures?.bottleneck ? { departmentName: figures.bottleneck.departmentName, itemName: figures.bottleneck.itemName, late: figures.bottleneck.late } : null,
        cells: own.map((c) => {
          const share = figures!.shares.find((x) => x.caseId === c.id)!;
          return { departmentId: c.department_id, departmentName: c.department_name, caseId: c.id, itemName: c.item_name, status: c.status, statusLabel: STATUS_LABELS[c.status], assigneeId: c.assignee_id, light: caseLight(c, today), usedWorkdays: share.usedWorkdays, late: share.late };
        }),
      };
    });
    // The project as a whole may also be past its own limit while each stage is within its own.
    if (elapsed > p.limit_days && worst !== 'red') worst = 'red';
    out.push({
      id: p.id,
      code: p.code,
      name: p.name,
      ownerName: p.owner_name,
      location: p.location,
      investmentWan: Number(p.investment_wan),
      keyProject: p.key_project,
      agentName: p.agent_id ? (names.get(p.agent_id) ?? null) : null,
      limitDays: p.limit_days,
      elapsedWorkdays: elapsed,
      light: worst,
      bottleneck,
      stages: projectStages,
    });
  }
  return out;
}

export async function getProject(db: Database, actor: Actor, id: number): Promise<TProject> {
  const [project] = await projectBoard(db, actor, { id });
  if (!project) throw notFound('项目');
  return project;
}

/** The months a chinaDate-based month string spans, as instants (China time). */
export function monthBounds(month: string): { from: Date; to: Date } {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new AppError('VALIDATION_FAILED', '月份格式应为 YYYY-MM', [{ field: 'query.month', message: '应为 YYYY-MM' }]);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: new Date(`${month}-01T00:00:00+08:00`), to: new Date(`${next}-01T00:00:00+08:00`) };
}

export { toChinaDate };
