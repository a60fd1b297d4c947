import type { Executor } from '../../db/database.js';

/** The centre's departments for the public directory. */
export async function listDepartments(db: Executor) {
  return db.selectFrom('departments').select(['id', 'name', 'credit_code', 'phone']).orderBy('id').execute();
}

/** Marks a member of staff away or back. */
export async function setStaffAway(db: Executor, userId: number, away: boolean): Promise<void> {
  await db.updateTable('users').set({ away }).where('id', '=', userId).execute();
}

/** The centre's clerks and reviewers, by department. */
export async function listCentreStaff(db: Executor, centreId: number | null) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'department_id', 'away', 'backup_user_id'])
    .where('centre_id', '=', centreId)
    .where('role', 'in', ['clerk', 'reviewer'])
    .orderBy('department_id')
    .orderBy('id')
    .execute();
}

/** A user of the centre, with what the AB角 pairing compares. */
export async function findCentreUser(db: Executor, id: number, centreId: number | null) {
  return db.selectFrom('users').select(['id', 'role', 'department_id', 'centre_id']).where('id', '=', id).where('centre_id', '=', centreId).executeTakeFirst();
}

/** Names a member of staff's backup (B 角), or clears it. */
export async function setStaffBackup(db: Executor, userId: number, backupUserId: number | null): Promise<void> {
  await db.updateTable('users').set({ backup_user_id: backupUserId }).where('id', '=', userId).execute();
}

/** The centre's windows, by number. */
export async function listCentreWindows(db: Executor, centreId: number) {
  return db.selectFrom('windows').select(['id', 'number', 'name', 'kiosk_key_hash']).where('centre_id', '=', centreId).orderBy('number').execute();
}
