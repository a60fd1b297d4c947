import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { forbidden, notFound, validationFailed } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { now as clockNow } from '../../util/clock.js';

const limitText = (days: number | null, text: string, unit: string) => text || (days === null ? '—' : unit === 'natural_day' ? `${days} 日` : unit === 'on_the_spot' ? '即办' : `${days} 个工作日`);

/**
 * 五公开 for the hall's LED and touch boards: the centre's published items with their basis,
 * process, limits and fees, and the staff on duty now (signed in at a window) with photo, name,
 * number and duties, plus today's 值班长. Public; no phone numbers or ID numbers.
 */
export async function disclosureBoard(db: Database, centreId: number) {
  const centre = await db.selectFrom('centres').select(['id', 'name', 'address', 'phone']).where('id', '=', centreId).executeTakeFirst();
  if (!centre) throw notFound('服务中心');
  const [items, onDuty, dutyHeads] = await Promise.all([
    db
      .selectFrom('service_items as i')
      .innerJoin('departments as d', 'd.id', 'i.department_id')
      .select(['i.id', 'i.name', 'i.kind', 'i.legal_basis', 'i.process', 'i.fees', 'i.legal_limit_days', 'i.legal_limit_text', 'i.legal_limit_unit', 'i.promised_limit_days', 'i.promised_limit_text', 'i.promised_limit_unit', 'i.trips', 'd.name as department_name'])
      .where('d.centre_id', '=', centreId)
      .where('i.status', '=', 'published')
      .orderBy('d.name')
      .orderBy('i.name')
      .execute(),
    db
      .selectFrom('window_attendance as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .innerJoin('windows as w', 'w.id', 'a.window_id')
      .leftJoin('staff_profiles as p', 'p.user_id', 'u.id')
      .select(['u.id', 'u.display_name', 'w.number as window_number', 'w.name as window_name', 'p.staff_number', 'p.duties', sql<boolean>`p.photo IS NOT NULL`.as('has_photo')])
      .where('w.centre_id', '=', centreId)
      .where('a.signed_out_at', 'is', null)
      .where('a.day', '=', chinaDate())
      .orderBy('w.number')
      .execute(),
    db
      .selectFrom('duty_roster as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.floor', 'u.display_name'])
      .where('r.centre_id', '=', centreId)
      .where('r.day', '=', chinaDate())
      .orderBy('r.floor')
      .execute(),
  ]);
  return {
    centre: { id: centre.id, name: centre.name, address: centre.address, phone: centre.phone },
    items: items.map((i) => ({
      id: i.id,
      name: i.name,
      departmentName: i.department_name,
      kind: i.kind,
      basis: i.legal_basis.map((b) => `${b.law}${b.articles ? ` ${b.articles}` : ''}`).join('；'),
      process: i.process.map((p) => p.name),
      legalLimit: limitText(i.legal_limit_days, i.legal_limit_text, i.legal_limit_unit),
      promisedLimit: limitText(i.promised_limit_days, i.promised_limit_text, i.promised_limit_unit),
      fees: i.fees.free || !i.fees.items.length ? '不收费' : i.fees.items.map((f) => `${f.name}：${f.standard}`).join('；'),
      feeBasis: i.fees.items.map((f) => f.basis).filter(Boolean).join('；'),
      trips: i.trips,
    })),
    onDuty: onDuty.map((s) => ({
      name: s.display_name,
      staffNumber: s.staff_number ?? '',
      window: `${s.window_number} ${s.window_name}`,
      duties: s.duties ?? '',
      photoPath: s.has_photo ? `/api/public/staff/${s.id}/photo` : null,
    })),
    dutyHeads: dutyHeads.map((d) => ({ floor: d.floor, name: d.display_name })),
  };
}

export async function staffPhoto(db: Database, userId: number): Promise<{ photo: Buffer; type: string }> {
  const row = await db.selectFrom('staff_profiles').select(['photo', 'photo_type']).where('user_id', '=', userId).executeTakeFirst();
  if (!row?.photo || !row.photo_type) throw notFound('照片');
  return { photo: row.photo, type: row.photo_type };
}

/** The administrator keeps what the board shows of a member of staff. */
export async function saveStaffProfile(db: Database, actor: Actor, userId: number, input: { staffNumber: string; duties: string; photo?: string | null }): Promise<void> {
  if (actor.role !== 'admin') throw forbidden();
  const user = await db.selectFrom('users').select('id').where('id', '=', userId).where('centre_id', '=', actor.centreId ?? -1).where('role', '<>', 'applicant').executeTakeFirst();
  if (!user) throw notFound('人员');
  let photo: { photo: Buffer | null; photo_type: 'image/jpeg' | 'image/png' | null } | undefined;
  if (input.photo === null) photo = { photo: null, photo_type: null };
  else if (input.photo) {
    const bytes = Buffer.from(input.photo.replace(/^data:image\/\w+;base64,/, ''), 'base64');
    const type = bytes[0] === 0xff && bytes[1] === 0xd8 ? 'image/jpeg' : bytes[0] === 0x89 && bytes[1] === 0x50 ? 'image/png' : null;
    if (!type) throw validationFailed('body.photo', '照片应为 JPEG 或 PNG');
    if (bytes.length > 1024 * 1024) throw validationFailed('body.photo', '照片不能超过 1 MB');
    photo = { photo: bytes, photo_type: type };
  }
  await db.transaction().execute(async (trx) => {
    const values = { staff_number: input.staffNumber, duties: input.duties, ...(photo ?? {}), updated_at: clockNow() };
    await trx.insertInto('staff_profiles').values({ user_id: userId, ...values }).onConflict((oc) => oc.column('user_id').doUpdateSet(values)).execute();
    await writeAudit(trx, { actorId: actor.id, action: 'staff.profile', targetType: 'user', targetId: String(userId) });
  });
}
