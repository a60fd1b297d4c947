import type { Executor } from '../../db/database.js';

/** Who hears about a case's warning or 督办: its assignee and the heads of its department. */
export async function departmentRecipients(db: Executor, departmentId: number, assigneeId: number | null): Promise<number[]> {
  const heads = await db
    .selectFrom('users')
    .select('id')
    .where('department_id', '=', departmentId)
    .where('heads_department', '=', true)
    .where('disabled', '=', false)
    .execute();
  return [...new Set([...(assigneeId ? [assigneeId] : []), ...heads.map((h) => h.id)])];
}
