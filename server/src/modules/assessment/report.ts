import type { Database } from '../../db/database.js';
import { forbidden, notFound } from '../../http/errors.js';
import { openPdf } from '../../documents/pdf.js';
import type { Actor } from '../auth/actor.js';
import { loadExcel } from '../../documents/lazy-libs.js';

export interface QuarterReport {
  centreName: string;
  year: number;
  quarter: number;
  months: string[];
  departments: {
    name: string;
    people: { name: string; totals: (number | null)[]; average: number | null; stars: number }[];
  }[];
  windows: { name: string; totals: (number | null)[]; average: number | null; awards: number }[];
}

const average = (values: (number | null)[]) => {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? Math.round((present.reduce((s, v) => s + v, 0) / present.length) * 10) / 10 : null;
};

/**
 * 季度考核报告 per department: the monthly totals of the staff each department stations in the
 * hall (confirmed or published months only), their average and 文明之星 count, and the windows.
 */
export async function quarterReport(db: Database, actor: Actor, year: number, quarter: number): Promise<QuarterReport> {
  if (actor.role !== 'admin' || !actor.centreId) throw forbidden('由中心管理员导出');
  const centre = await db.selectFrom('centres').select('name').where('id', '=', actor.centreId).executeTakeFirst();
  if (!centre) throw notFound('服务中心');
  const months = [1, 2, 3].map((i) => `${year}-${String((quarter - 1) * 3 + i).padStart(2, '0')}`);
  const scores = await db
    .selectFrom('assessment_scores as s')
    .innerJoin('assessment_runs as r', 'r.id', 's.run_id')
    .leftJoin('departments as d', 'd.id', 's.department_id')
    .select(['r.month', 's.subject_type', 's.subject_id', 's.name', 's.total', 's.awarded', 'd.name as department_name'])
    .where('r.centre_id', '=', actor.centreId)
    .where('r.month', 'in', months)
    .where('r.status', 'in', ['confirmed', 'published'])
    .execute();
  const people = new Map<number, { name: string; department: string; totals: (number | null)[]; stars: number }>();
  const windows = new Map<number, { name: string; totals: (number | null)[]; awards: number }>();
  for (const s of scores) {
    const i = months.indexOf(s.month);
    if (s.subject_type === 'person') {
      const p = people.get(s.subject_id) ?? { name: s.name, department: s.department_name ?? '中心工作人员', totals: [null, null, null], stars: 0 };
      p.totals[i] = Number(s.total);
      if (s.awarded) p.stars += 1;
      people.set(s.subject_id, p);
    } else {
      const w = windows.get(s.subject_id) ?? { name: s.name, totals: [null, null, null], awards: 0 };
      w.totals[i] = Number(s.total);
      if (s.awarded) w.awards += 1;
      windows.set(s.subject_id, w);
    }
  }
  const byDepartment = new Map<string, QuarterReport['departments'][number]['people']>();
  for (const p of people.values()) byDepartment.set(p.department, [...(byDepartment.get(p.department) ?? []), { name: p.name, totals: p.totals, average: average(p.totals), stars: p.stars }]);
  return {
    centreName: centre.name,
    year,
    quarter,
    months,
    departments: [...byDepartment.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'zh'))
      .map(([name, list]) => ({ name, people: list.sort((a, b) => (b.average ?? -1) - (a.average ?? -1)) })),
    windows: [...windows.values()].map((w) => ({ ...w, average: average(w.totals) })).sort((a, b) => (b.average ?? -1) - (a.average ?? -1)),
  };
}

const title = (r: QuarterReport) => `${r.centreName}${r.year}年第${r.quarter}季度窗口工作人员考核报告`;
const cell = (v: number | null) => (v === null ? '—' : v);

export async function quarterWorkbook(r: QuarterReport): Promise<Buffer> {
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('人员考核');
  sheet.addRow([title(r)]).font = { bold: true, size: 14 };
  sheet.addRow(['部门', '姓名', ...r.months.map((m) => `${Number(m.slice(5))}月得分`), '季度平均', '文明之星']).font = { bold: true };
  for (const d of r.departments) for (const p of d.people) sheet.addRow([d.name, p.name, ...p.totals.map(cell), cell(p.average), p.stars]);
  sheet.columns.forEach((c, i) => (c.width = i < 2 ? 24 : 12));
  const windows = workbook.addWorksheet('窗口考核');
  windows.addRow(['窗口', ...r.months.map((m) => `${Number(m.slice(5))}月得分`), '季度平均', '文明窗口']).font = { bold: true };
  for (const w of r.windows) windows.addRow([w.name, ...w.totals.map(cell), cell(w.average), w.awards]);
  windows.columns.forEach((c, i) => (c.width = i === 0 ? 24 : 12));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function quarterPdf(r: QuarterReport): Promise<Buffer> {
  const { doc, done } = await openPdf({ size: 'A4', margins: { top: 48, bottom: 48, left: 42, right: 42 }, info: { Title: title(r) } });
  const left = 42;
  const width = doc.page.width - 84;
  doc.font('bold').fontSize(15).text(title(r), left, 48, { width, align: 'center' });
  let y = doc.y + 14;
  const row = (cells: (string | number)[], bold = false) => {
    if (y > doc.page.height - 70) {
      doc.addPage();
      y = 48;
    }
    const w = width / cells.length;
    doc.font(bold ? 'bold' : 'body').fontSize(9).fillColor('#000');
    cells.forEach((c, i) => {
      doc.rect(left + i * w, y, w, 18).strokeColor('#999').lineWidth(0.5).stroke();
      doc.text(String(c), left + i * w + 2, y + 5, { width: w - 4, align: 'center' });
    });
    y += 18;
  };
  const heading = (text: string) => {
    doc.font('bold').fontSize(11).text(text, left, y + 10);
    y = doc.y + 4;
  };
  for (const d of r.departments) {
    heading(d.name);
    row(['姓名', ...r.months.map((m) => `${Number(m.slice(5))}月`), '平均', '文明之星'], true);
    for (const p of d.people) row([p.name, ...p.totals.map(cell), cell(p.average), p.stars]);
  }
  heading('窗口');
  row(['窗口', ...r.months.map((m) => `${Number(m.slice(5))}月`), '平均', '文明窗口'], true);
  for (const w of r.windows) row([w.name, ...w.totals.map(cell), cell(w.average), w.awards]);
  doc.font('body').fontSize(8.5).fillColor('#555').text('口径：按已确认或已公布的月度考核计；各月得分为考核细则各指标加权平均（无记录的指标不计入）；每项得分可在系统中追溯到其统计的记录。', left, y + 14, { width });
  doc.end();
  return done;
}
