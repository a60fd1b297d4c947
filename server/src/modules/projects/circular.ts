import type { Database } from '../../db/database.js';
import { forbidden } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { toChinaDate } from '../calendar/engine.js';
import { calendarFor } from '../calendar/service.js';
import { regionPrefix } from '../cases/policy.js';
import { childCases, type JointRow } from '../joint/repo.js';
import { jointFigures } from '../joint/view.js';
import { STAGE_NAMES, type TStageFigures } from './schema.js';
import { monthBounds } from './service.js';

/**
 * 月度通报 — 工程建设项目 and 联办件: per stage, the joint applications completed in the month and
 * the time each department used on the child cases it decided in the month (working days from the
 * case's own figures, stops taken out); and how many joint applications completed on time.
 */
export async function stageFigures(db: Database, actor: Actor, month: string): Promise<TStageFigures> {
  let scope: { regionPrefix?: string; centreId?: number };
  if (actor.role === 'supervisor' && actor.regionCode) scope = { regionPrefix: regionPrefix(actor.regionCode) };
  else if (actor.role === 'admin' && actor.centreId !== null) scope = { centreId: actor.centreId };
  else throw forbidden('只有电子监察或中心管理员可以查看通报');
  const { from, to } = monthBounds(month);
  let jointQuery = db.selectFrom('joint_applications').selectAll();
  if (scope.regionPrefix) jointQuery = jointQuery.where('region_code', 'like', `${scope.regionPrefix}%`);
  else jointQuery = jointQuery.where('centre_id', '=', scope.centreId!);
  const completed = await jointQuery.where('status', '=', 'completed').where('completed_at', '>=', from).where('completed_at', '<', to).execute();
  const stageOf = new Map(
    (await db.selectFrom('project_stages').select(['joint_application_id', 'stage_no']).where('joint_application_id', 'is not', null).execute()).map((s) => [s.joint_application_id!, s.stage_no]),
  );

  // Child cases decided in the month, of applications that are project stages.
  let decidedQuery = db
    .selectFrom('cases')
    .innerJoin('departments', 'departments.id', 'cases.department_id')
    .innerJoin('project_stages', 'project_stages.joint_application_id', 'cases.joint_application_id')
    .select(['cases.department_id', 'departments.name as department_name', 'project_stages.stage_no', 'cases.workdays_used', 'cases.decided_at', 'cases.due_date'])
    .where('cases.decided_at', '>=', from)
    .where('cases.decided_at', '<', to);
  if (scope.regionPrefix) decidedQuery = decidedQuery.where('cases.region_code', 'like', `${scope.regionPrefix}%`);
  else decidedQuery = decidedQuery.where('cases.centre_id', '=', scope.centreId!);
  const decided = await decidedQuery.execute();

  const children = await childCases(db, completed.map((c) => c.id));
  const figures = new Map<string, ReturnType<typeof jointFigures>>();
  for (const row of completed) {
    const calendar = await calendarFor(db, row.region_code);
    figures.set(row.id, jointFigures(calendar, row as JointRow, children.filter((c) => c.joint_application_id === row.id), toChinaDate(row.completed_at!)));
  }
  const stages = ([1, 2, 3, 4] as const).map((stageNo) => {
    const apps = completed.filter((c) => stageOf.get(c.id) === stageNo);
    const used = apps.map((a) => figures.get(a.id)!.elapsed);
    const byDepartment = new Map<number, { departmentId: number; departmentName: string; decidedCases: number; workdaysUsed: number; lateCases: number }>();
    for (const c of decided.filter((d) => d.stage_no === stageNo)) {
      const entry = byDepartment.get(c.department_id) ?? { departmentId: c.department_id, departmentName: c.department_name, decidedCases: 0, workdaysUsed: 0, lateCases: 0 };
      entry.decidedCases += 1;
      entry.workdaysUsed += c.workdays_used ?? 0;
      if (c.due_date && toChinaDate(c.decided_at!) > c.due_date) entry.lateCases += 1;
      byDepartment.set(c.department_id, entry);
    }
    return {
      stageNo,
      name: STAGE_NAMES[stageNo],
      completedApplications: apps.length,
      avgWorkdays: used.length ? Math.round((used.reduce((a, b) => a + b, 0) / used.length) * 10) / 10 : null,
      departments: [...byDepartment.values()]
        .sort((a, b) => b.workdaysUsed - a.workdaysUsed || a.departmentId - b.departmentId)
        .map((d) => ({ ...d, avgWorkdays: d.decidedCases ? Math.round((d.workdaysUsed / d.decidedCases) * 10) / 10 : null })),
    };
  });
  let onTime = 0;
  for (const row of completed) {
    const f = figures.get(row.id)!;
    if (f.dueDate && toChinaDate(row.completed_at!) <= f.dueDate) onTime += 1;
  }
  return { month, stages, joint: { completedApplications: completed.length, onTime, late: completed.length - onTime } };
}
