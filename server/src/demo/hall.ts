import type { Tx } from '../db/database.js';
import { chinaDate } from '../util/china-time.js';
import { planSlots } from '../modules/appointments/service.js';
import { calendarFor } from '../modules/calendar/service.js';

/** The hall's demo accounts (listed in DEMO_ACCOUNTS and the README). */
export const HALL_DEMO_ACCOUNTS = [
  { username: 'hallclerk2', role: '综合受理窗口 2', name: '李强' },
  { username: 'hallclerk3', role: '不动产登记窗口', name: '黄磊' },
  { username: 'hallclerk4', role: '社保医保窗口', name: '吴刚' },
  { username: 'inspector1', role: '巡查人员（只有巡查人员可以登记巡查发现）', name: '郑洁' },
] as const;

/**
 * The demo centre's hall: windows for 不动产 and 社保医保 with their clerks, the 业务类别 and window
 * groups at the ticket kiosk, an inspector with the rule list, a week of 值班长, and three weeks of bookable slots from the calendar
 * (综合受理 also offers 延时服务 until 18:30 and "365" Saturday and Sunday mornings).
 */
export async function seedDemoHall(trx: Tx, options: { centreId: number; passwordHash: string; regionCode: string }): Promise<void> {
  const { centreId } = options;
  const added = await trx
    .insertInto('windows')
    .values([
      { centre_id: centreId, number: '03', name: '不动产登记窗口' },
      { centre_id: centreId, number: '04', name: '社保医保窗口' },
    ])
    .returning(['id', 'number'])
    .execute();
  const windows = new Map((await trx.selectFrom('windows').select(['id', 'number']).where('centre_id', '=', centreId).execute()).map((w) => [w.number, w.id]));
  for (const w of added) windows.set(w.number, w.id);
  const staff = { password_hash: options.passwordHash, applicant_kind: null, identity_number: null, region_code: options.regionCode, centre_id: centreId };
  await trx
    .insertInto('users')
    .values([
      { ...staff, username: 'hallclerk2', display_name: '李强', role: 'clerk', window_id: windows.get('02')!, phone: '13604350021' },
      { ...staff, username: 'hallclerk3', display_name: '黄磊', role: 'clerk', window_id: windows.get('03')!, phone: '13604350022' },
      { ...staff, username: 'hallclerk4', display_name: '吴刚', role: 'clerk', window_id: windows.get('04')!, phone: '13604350023' },
      { ...staff, username: 'inspector1', display_name: '郑洁', role: 'inspector', phone: '13604350024' },
    ])
    .execute();
  const departments = new Map((await trx.selectFrom('departments').select(['id', 'name']).where('centre_id', '=', centreId).execute()).map((d) => [d.name, d.id]));
  const ids = (...names: string[]) => names.map((n) => departments.get(n)).filter((id): id is number => id !== undefined);
  const categories = await trx
    .insertInto('hall_categories')
    .values([
      { centre_id: centreId, prefix: 'A', name: '综合受理', department_ids: [] },
      { centre_id: centreId, prefix: 'B', name: '不动产登记', department_ids: ids('梅河口市不动产登记中心', '梅河口市自然资源局') },
      { centre_id: centreId, prefix: 'C', name: '社保医保', department_ids: ids('梅河口市人力资源和社会保障局', '梅河口市医疗保障局') },
      { centre_id: centreId, prefix: 'D', name: '统一出件', department_ids: [] },
    ])
    .returning(['id', 'prefix'])
    .execute();
  const category = new Map(categories.map((c) => [c.prefix, c.id]));
  const group = (prefix: string, ...numbers: string[]) => numbers.map((n) => ({ category_id: category.get(prefix)!, window_id: windows.get(n)! }));
  await trx.insertInto('hall_category_windows').values([...group('A', '01', '02'), ...group('B', '03'), ...group('C', '04'), ...group('D', '10')]).execute();

  // 纪律规定 the inspector records against, with their deductions in the monthly assessment.
  await trx
    .insertInto('discipline_rules')
    .values([
      { centre_id: centreId, code: 'JL-01', title: '工作时间玩手机、做与工作无关的事', points: 2 },
      { centre_id: centreId, code: 'JL-02', title: '擅自离岗、窗口空岗', points: 3 },
      { centre_id: centreId, code: 'JL-03', title: '未按规定着装、佩戴工作牌', points: 1 },
      { centre_id: centreId, code: 'JL-04', title: '推诿扯皮、态度生硬', points: 5 },
      { centre_id: centreId, code: 'JL-05', title: '违反一次性告知', points: 5 },
    ])
    .execute();
  const calendar = await calendarFor(trx, options.regionCode);
  // 值班长 for the coming week: the administrator on the ground floor, clerk1 upstairs.
  const admin = (await trx.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
  const clerk1 = (await trx.selectFrom('users').select('id').where('username', '=', 'clerk1').executeTakeFirstOrThrow()).id;
  const week = calendar.days(chinaDate(), chinaDate(new Date(Date.now() + 7 * 86_400_000))).filter((d) => d.workday);
  if (week.length) {
    await trx
      .insertInto('duty_roster')
      .values(week.flatMap((d) => [{ centre_id: centreId, day: d.date, floor: '一楼', user_id: admin }, { centre_id: centreId, day: d.date, floor: '二楼', user_id: clerk1 }]))
      .execute();
  }
  const from = chinaDate();
  const to = chinaDate(new Date(Date.now() + 21 * 86_400_000));
  const day = { from, to, slotMinutes: 30, morning: { start: '09:00', end: '12:00' }, afternoon: { start: '13:30', end: '17:00' } };
  const slots = [
    ...planSlots(calendar, centreId, { ...day, categoryId: category.get('A')!, capacity: 4, extended: { start: '17:00', end: '18:30', capacity: 2 }, weekend: { start: '09:00', end: '12:00', capacity: 2 } }),
    ...planSlots(calendar, centreId, { ...day, categoryId: category.get('B')!, capacity: 3 }),
    ...planSlots(calendar, centreId, { ...day, categoryId: category.get('C')!, capacity: 3 }),
  ];
  for (let i = 0; i < slots.length; i += 500) await trx.insertInto('appointment_slots').values(slots.slice(i, i + 500)).execute();
}
