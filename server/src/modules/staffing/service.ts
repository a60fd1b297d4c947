import type { Database, Executor } from '../../db/database.js';
import { AppError, notFound, validationFailed } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { hashPassword } from '../auth/password.js';
import { writeAudit } from '../auth/repo.js';
import { reassignOpenCases } from '../cases/service.js';
import { adminPrefix, managedCentre } from '../network/service.js';
import * as networkRepo from '../network/repo.js';
import * as repo from './repo.js';
import type { TJoinStaffRequest, TManagedCentre, TMoveStaffRequest, TStaffChange, TUpdateWindowRequest, TWindowContent } from './schema.js';
import { now as clockNow } from '../../util/clock.js';

/**
 * 进驻动态管理. Every change is one transaction with its audit row and takes effect on the next
 * request: the actor is read from the database on each call, nothing is cached.
 */

export async function centreOverview(db: Executor, actor: Actor, centreId: number): Promise<TManagedCentre> {
  await managedCentre(db, actor, centreId);
  const [departments, windows, staff] = await Promise.all([
    networkRepo.presentDepartments(db, centreId),
    networkRepo.centreWindows(db, centreId, { activeOnly: false }),
    repo.centreStaff(db, centreId),
  ]);
  return {
    departments: departments.map((d) => ({ id: d.id, name: d.name, enteredAt: d.entered_at.toISOString() })),
    windows: windows.map((w) => ({ id: w.id, number: w.number, name: w.name, kind: w.kind, departmentId: w.department_id, departmentName: w.department_name, active: w.active, items: w.items })),
    staff: staff.map((s) => ({
      id: s.id,
      username: s.username,
      displayName: s.display_name,
      role: s.role,
      departmentId: s.department_id,
      departmentName: s.department_name,
      windowId: s.window_id,
      windowNumber: s.window_number,
      backupUserId: s.backup_user_id,
      chiefRepresentative: s.chief_representative,
      authorisedItemIds: s.authorised_item_ids,
      openCases: Number(s.open_cases ?? 0),
    })),
  };
}

/** A department of the administrator's region enters a centre (进驻). */
export async function enterDepartment(db: Database, actor: Actor, centreId: number, departmentId: number): Promise<void> {
  await managedCentre(db, actor, centreId);
  const prefix = await adminPrefix(db, actor);
  const department = await repo.findDepartment(db, departmentId);
  // A county department may station staff in its towns; a town admin cannot draw in the county's.
  if (!department || !(department.region_code.padEnd(12, '0').startsWith(prefix) || prefix.startsWith(department.region_code.slice(0, 6)))) throw notFound('部门');
  await db.transaction().execute(async (trx) => {
    if (await repo.departmentPresent(trx, centreId, departmentId)) throw new AppError('CONFLICT', '该部门已进驻本中心');
    await repo.enterCentre(trx, centreId, departmentId);
    await writeAudit(trx, { actorId: actor.id, action: 'centre.department_enter', targetType: 'centre', targetId: String(centreId), detail: { departmentId } });
  });
}

/** A department leaves a centre; its staff there and its own windows must go first. */
export async function leaveDepartment(db: Database, actor: Actor, centreId: number, departmentId: number): Promise<void> {
  await managedCentre(db, actor, centreId);
  await db.transaction().execute(async (trx) => {
    const present = await repo.departmentPresent(trx, centreId, departmentId);
    if (!present) throw notFound('进驻部门');
    const staff = await repo.anyActiveStaffOfDepartment(trx, centreId, departmentId);
    if (staff) throw new AppError('CONFLICT', '该部门在本中心仍有工作人员，请先调整或办理离岗');
    const window = await repo.anyActiveWindowOfDepartment(trx, centreId, departmentId);
    if (window) throw new AppError('CONFLICT', '该部门在本中心仍有窗口，请先关闭');
    await repo.markDepartmentLeft(trx, present.id, clockNow());
    await writeAudit(trx, { actorId: actor.id, action: 'centre.department_leave', targetType: 'centre', targetId: String(centreId), detail: { departmentId } });
  });
}

async function checkWindowContent(db: Executor, centreId: number, input: { kind?: 'comprehensive' | 'department'; departmentId?: number | null; itemIds?: number[] }) {
  if (input.kind === 'department' && !input.departmentId) throw validationFailed('body.departmentId', '部门窗口须指明部门');
  if (input.departmentId && !(await repo.departmentPresent(db, centreId, input.departmentId))) throw validationFailed('body.departmentId', '该部门未进驻本中心');
  if (input.itemIds && input.itemIds.length > 0) {
    const items = await repo.publishedItems(db, input.itemIds);
    if (items.length !== new Set(input.itemIds).size) throw validationFailed('body.itemIds', '含有不存在或未发布的事项');
    // A department window serves its own department's items only.
    if (input.kind === 'department' && items.some((i) => i.department_id !== input.departmentId)) throw validationFailed('body.itemIds', '部门窗口只能办理本部门事项');
  }
}

export async function createWindow(db: Database, actor: Actor, centreId: number, input: TWindowContent): Promise<{ id: number }> {
  await managedCentre(db, actor, centreId);
  await checkWindowContent(db, centreId, input);
  return db.transaction().execute(async (trx) => {
    const taken = await repo.windowNumbered(trx, centreId, input.number);
    if (taken) throw new AppError('CONFLICT', '窗口号已被使用', [{ field: 'body.number', message: '已被使用' }]);
    const window = await repo.insertWindow(trx, {
      centre_id: centreId,
      number: input.number,
      name: input.name,
      kind: input.kind,
      department_id: input.kind === 'department' ? input.departmentId : null,
      kiosk_key_hash: null,
    });
    const itemIds = [...new Set(input.itemIds)];
    if (itemIds.length > 0) await repo.insertWindowItems(trx, itemIds.map((item_id) => ({ window_id: window.id, item_id })));
    await writeAudit(trx, { actorId: actor.id, action: 'window.create', targetType: 'window', targetId: String(window.id), detail: { centreId, ...input } });
    return { id: window.id };
  });
}

export async function updateWindow(db: Database, actor: Actor, windowId: number, input: TUpdateWindowRequest): Promise<void> {
  const window = await repo.findWindow(db, windowId);
  if (!window) throw notFound('窗口');
  await managedCentre(db, actor, window.centre_id);
  const departmentId = input.departmentId !== undefined ? input.departmentId : window.department_id;
  await checkWindowContent(db, window.centre_id, { kind: window.kind, departmentId, itemIds: input.itemIds });
  await db.transaction().execute(async (trx) => {
    if (input.active === false) {
      const staffed = await repo.anyActiveStaffAtWindow(trx, windowId);
      if (staffed) throw new AppError('CONFLICT', '该窗口仍有工作人员，请先调整');
    }
    await repo.updateWindow(trx, windowId, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.departmentId !== undefined && window.kind === 'department' && { department_id: input.departmentId }),
      ...(input.active !== undefined && { active: input.active }),
    });
    if (input.itemIds !== undefined) {
      await repo.clearWindowItems(trx, windowId);
      const itemIds = [...new Set(input.itemIds)];
      if (itemIds.length > 0) await repo.insertWindowItems(trx, itemIds.map((item_id) => ({ window_id: windowId, item_id })));
    }
    await writeAudit(trx, { actorId: actor.id, action: 'window.update', targetType: 'window', targetId: String(windowId), detail: input });
  });
}

/** Checks a post (centre, department, window) a person is about to hold. */
async function checkPost(db: Executor, role: string, post: { centreId: number; departmentId: number | null; windowId: number | null }) {
  const centre = await networkRepo.findCentre(db, post.centreId);
  if (!centre) throw notFound('服务中心');
  if (role === 'reviewer' && !post.departmentId) throw validationFailed('body.departmentId', '审批人员须属于一个部门');
  if (role === 'agent' && !['agency_point', 'village_station'].includes(centre.kind)) throw validationFailed('body.centreId', '代办员只能在村代办点或便民服务站');
  if (post.departmentId && !(await repo.departmentPresent(db, post.centreId, post.departmentId))) throw validationFailed('body.departmentId', '该部门未进驻此中心');
  if (post.windowId) {
    const window = await repo.activeWindowOfCentre(db, post.windowId, post.centreId);
    if (!window) throw validationFailed('body.windowId', '窗口不属于此中心');
  }
  return centre;
}

/** A member of staff joins a centre with a role (and department, window). */
export async function joinStaff(db: Database, actor: Actor, centreId: number, input: TJoinStaffRequest): Promise<{ id: number }> {
  await managedCentre(db, actor, centreId);
  const centre = await checkPost(db, input.role, { centreId, departmentId: input.departmentId, windowId: input.windowId });
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const taken = await repo.userNamed(trx, input.username);
    if (taken) throw new AppError('CONFLICT', '该用户名已被使用', [{ field: 'body.username', message: '已被使用' }]);
    const user = await repo.insertUser(trx, {
      username: input.username,
      password_hash: passwordHash,
      display_name: input.displayName,
      role: input.role,
      applicant_kind: null,
      identity_number: null,
      phone: input.phone,
      region_code: centre.region_code,
      centre_id: centreId,
      department_id: input.departmentId,
      window_id: input.windowId,
    });
    await writeAudit(trx, { actorId: actor.id, action: 'staff.join', targetType: 'user', targetId: String(user.id), detail: { centreId, role: input.role, departmentId: input.departmentId, windowId: input.windowId } });
    return { id: user.id };
  });
}

async function managedStaff(db: Executor, actor: Actor, userId: number) {
  const prefix = await adminPrefix(db, actor);
  const person = await repo.findStaff(db, userId);
  if (!person || !person.stat_code.startsWith(prefix)) throw notFound('工作人员');
  return person;
}

/** Hands a reviewer's open cases to their successor in the department, or refuses when nobody is left. */
async function handOver(trx: Executor, actor: Actor, person: { id: number; role: string; department_id: number | null; backup_user_id: number | null }, reason: 'staff.move' | 'staff.leave') {
  if (person.role !== 'reviewer' || person.department_id === null) return [];
  if ((await repo.openCaseCount(trx, person.id)) === 0) return [];
  const successor = await repo.successorFor(trx, { id: person.id, department_id: person.department_id, backup_user_id: person.backup_user_id });
  if (successor === null) throw new AppError('CONFLICT', '该部门没有其他审批人员接手其在办件，请先安排接替人员');
  const caseIds = await reassignOpenCases(trx, { fromUserId: person.id, toUserId: successor, actorId: actor.id, reason });
  return caseIds.map((caseId) => ({ caseId, toUserId: successor }));
}

/**
 * A member of staff moves (centre, department, window). Leaving their department hands their open
 * cases to the AB partner there, and ends the AB pair.
 */
export async function moveStaff(db: Database, actor: Actor, userId: number, input: TMoveStaffRequest): Promise<TStaffChange> {
  const person = await managedStaff(db, actor, userId);
  await managedCentre(db, actor, input.centreId);
  const centre = await checkPost(db, person.role, input);
  return db.transaction().execute(async (trx) => {
    const changesDepartment = person.department_id !== input.departmentId;
    const reassigned = changesDepartment ? await handOver(trx, actor, person, 'staff.move') : [];
    if (changesDepartment) await repo.clearBackupsPointingAt(trx, person.id);
    await repo.updateUser(trx, person.id, {
      centre_id: input.centreId,
      department_id: input.departmentId,
      window_id: input.windowId,
      region_code: centre.region_code,
      ...(changesDepartment && { backup_user_id: null, chief_representative: false, heads_department: false }),
    });
    if (changesDepartment) await repo.clearChiefRepresentativeItems(trx, person.id);
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'staff.move',
      targetType: 'user',
      targetId: String(person.id),
      detail: { from: { centreId: person.centre_id, departmentId: person.department_id }, to: input, reassigned: reassigned.length },
    });
    return { reassigned };
  });
}

/**
 * A member of staff leaves: the account is disabled and every session ended in the same
 * transaction, so their very next request is refused; their open cases go to a colleague first.
 */
export async function removeStaff(db: Database, actor: Actor, userId: number): Promise<TStaffChange> {
  const person = await managedStaff(db, actor, userId);
  if (person.id === actor.id) throw validationFailed('params.id', '不能为自己办理离岗');
  return db.transaction().execute(async (trx) => {
    const reassigned = await handOver(trx, actor, person, 'staff.leave');
    await repo.clearBackupsPointingAt(trx, person.id);
    await repo.updateUser(trx, person.id, { disabled: true, backup_user_id: null, window_id: null, chief_representative: false, heads_department: false });
    await repo.clearChiefRepresentativeItems(trx, person.id);
    await repo.endSessions(trx, person.id);
    await writeAudit(trx, { actorId: actor.id, action: 'staff.leave', targetType: 'user', targetId: String(person.id), detail: { reassigned: reassigned.length } });
    return { reassigned };
  });
}

/** 首席代表: names a department's representative and the items they may decide on the spot (null ends it). */
export async function setChiefRepresentative(db: Database, actor: Actor, userId: number, itemIds: number[] | null): Promise<void> {
  const person = await managedStaff(db, actor, userId);
  if (person.role !== 'reviewer' || person.department_id === null) throw validationFailed('params.id', '首席代表须为部门审批人员');
  if (itemIds && itemIds.length > 0) {
    const items = await repo.departmentItems(db, itemIds, person.department_id);
    if (items.length !== new Set(itemIds).size) throw validationFailed('body.itemIds', '只能授权本部门的事项');
  }
  await db.transaction().execute(async (trx) => {
    await repo.clearChiefRepresentativeItems(trx, person.id);
    const ids = [...new Set(itemIds ?? [])];
    if (ids.length > 0) await repo.insertChiefRepresentativeItems(trx, ids.map((item_id) => ({ user_id: person.id, item_id })));
    await repo.updateUser(trx, person.id, { chief_representative: itemIds !== null });
    await writeAudit(trx, { actorId: actor.id, action: itemIds ? 'staff.chief_representative' : 'staff.chief_representative_end', targetType: 'user', targetId: String(person.id), detail: { itemIds } });
  });
}

/** AB角 within any centre the administrator manages (same role and department). */
export async function setBackup(db: Database, actor: Actor, userId: number, backupUserId: number | null): Promise<void> {
  const person = await managedStaff(db, actor, userId);
  if (backupUserId !== null) {
    const backup = await repo.findStaff(db, backupUserId);
    if (!backup || backup.id === person.id || backup.role !== person.role || backup.department_id !== person.department_id) {
      throw new AppError('VALIDATION_FAILED', 'B 角须为同一部门、同一岗位的其他工作人员', [{ field: 'body.backupUserId', message: '不符合 AB 角要求' }]);
    }
  }
  await db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, person.id, { backup_user_id: backupUserId });
    await writeAudit(trx, { actorId: actor.id, action: 'staff.backup', targetType: 'user', targetId: String(person.id), detail: { backupUserId } });
  });
}
