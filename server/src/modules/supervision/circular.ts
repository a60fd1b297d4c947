import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { openPdf } from '../../documents/pdf.js';
import { AppError } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { ratingStats } from '../ratings/service.js';
import { addDays } from './rollup.js';
import { periodStats, type StatsRow, type StatsScope } from './stats.js';
import { loadExcel } from '../../documents/lazy-libs.js';

export interface CircularLine {
  rank: number;
  departmentId: number;
  departmentName: string;
  received: number;
  accepted: number;
  completed: number;
  /** 办结的承诺件: what 提前办结率 divides by (即办件 cannot be early). */
  completedPromised: number;
  early: number;
  completionRate: number | null;
  onTimeRate: number | null;
  earlyRate: number | null;
  late: number;
  openOverdue: number;
  avgWorkdaysUsed: number | null;
  avgPromisedWorkdays: number | null;
  stops: number;
  extensions: number;
  directives: number;
  directivesOverdue: number;
  ratings: number;
  satisfactionRate: number | null;
  badRatings: number;
  /** Named in the circular: late completions, running cases over their deadline, or 督办 left unanswered. */
  flagged: boolean;
}

export interface Circular {
  month: string;
  from: string;
  to: string;
  regionName: string;
  issuedOn: string;
  lines: CircularLine[];
  total: StatsRow;
}

/** 'YYYY-MM' → its first and last China dates. */
export function monthBounds(month: string): { from: string; to: string } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new AppError('VALIDATION_FAILED', '月份格式应为 YYYY-MM', [{ field: 'query.month', message: '月份格式应为 YYYY-MM' }]);
  const from = `${month}-01`;
  const next = Number(match[2]) === 12 ? `${Number(match[1]) + 1}-01-01` : `${match[1]}-${String(Number(match[2]) + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

/**
 * 月度通报: every department of the region ranked by its on-time completion rate (then the early
 * rate, then the completion rate, then volume); departments with late completions, running cases
 * over the deadline or 督办 left unanswered are named. Figures are the period statistics, so the
 * circular and the statistics page can never disagree.
 */
export async function monthlyCircular(db: Database, options: { month: string; scope: StatsScope; today?: string }): Promise<Circular> {
  const { from, to } = monthBounds(options.month);
  const today = options.today ?? chinaDate();
  if (from > today) throw new AppError('VALIDATION_FAILED', '该月份尚未开始', [{ field: 'query.month', message: '该月份尚未开始' }]);
  const { rows, total } = await periodStats(db, { from, to: to < today ? to : today, dimension: 'department', scope: options.scope, today });
  const [ratings, directives, region] = await Promise.all([
    ratingStats(db, { by: 'department', from, to, minCount: 1 }),
    sql<{ department_id: number; issued: number; overdue: number }>`
      SELECT department_id, count(*)::int AS issued,
             count(*) FILTER (WHERE escalated_at IS NOT NULL OR (replied_at IS NULL AND reply_due < ${today}))::int AS overdue
        FROM directives
       WHERE issued_at >= (${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
         AND issued_at < ((${to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
       GROUP BY 1`.execute(db),
    sql<{ name: string }>`SELECT name FROM regions WHERE code = rpad(${options.scope.regionPrefix}, 6, '0')`.execute(db),
  ]);
  const ratingBy = new Map(ratings.map((r) => [r.key, r]));
  const directiveBy = new Map(directives.rows.map((d) => [d.department_id, d]));
  const lines = rows.map((r): CircularLine => {
    const rating = ratingBy.get(r.key);
    const directive = directiveBy.get(r.key);
    return {
      rank: 0,
      departmentId: r.key,
      departmentName: r.name,
      received: r.received,
      accepted: r.accepted,
      completed: r.completed,
      completedPromised: r.completed_promised,
      early: r.early,
      completionRate: r.completionRate,
      onTimeRate: r.onTimeRate,
      earlyRate: r.earlyRate,
      late: r.late,
      openOverdue: r.openOverdue,
      avgWorkdaysUsed: r.avgWorkdaysUsed,
      avgPromisedWorkdays: r.avgPromisedWorkdays,
      stops: r.stops,
      extensions: r.extensions,
      directives: directive?.issued ?? 0,
      directivesOverdue: directive?.overdue ?? 0,
      ratings: rating?.total ?? 0,
      satisfactionRate: rating ? rating.satisfactionRate : null,
      badRatings: rating?.bad ?? 0,
      flagged: r.late > 0 || r.openOverdue > 0 || (directive?.overdue ?? 0) > 0,
    };
  });
  const key = (v: number | null) => (v === null ? -1 : v);
  lines.sort(
    (a, b) =>
      key(b.onTimeRate) - key(a.onTimeRate) ||
      key(b.earlyRate) - key(a.earlyRate) ||
      key(b.completionRate) - key(a.completionRate) ||
      b.completed - a.completed ||
      a.departmentName.localeCompare(b.departmentName, 'zh'),
  );
  lines.forEach((line, i) => (line.rank = i + 1));
  return { month: options.month, from, to, regionName: region.rows[0]?.name ?? '', issuedOn: today, lines, total };
}

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const decimal = (v: number | null) => (v === null ? '—' : v.toFixed(1));

/** The columns of the circular, shared by the workbook and the PDF so they show the same thing. */
const COLUMNS: { header: string; width: number; value: (l: CircularLine) => string | number }[] = [
  { header: '排名', width: 6, value: (l) => l.rank },
  { header: '部门', width: 26, value: (l) => l.departmentName },
  { header: '收件', width: 8, value: (l) => l.received },
  { header: '受理', width: 8, value: (l) => l.accepted },
  { header: '办结', width: 8, value: (l) => l.completed },
  { header: '办结率', width: 9, value: (l) => percent(l.completionRate) },
  { header: '按时办结率', width: 11, value: (l) => percent(l.onTimeRate) },
  // The counts beside the rate let it be checked by hand: 提前办结的承诺件 / 办结的承诺件.
  { header: '提前办结率(提前/承诺件)', width: 16, value: (l) => `${percent(l.earlyRate)}(${l.early}/${l.completedPromised})` },
  { header: '超期办结', width: 9, value: (l) => l.late },
  { header: '在办超期', width: 9, value: (l) => l.openOverdue },
  { header: '平均用时/承诺(工作日)', width: 18, value: (l) => `${decimal(l.avgWorkdaysUsed)} / ${decimal(l.avgPromisedWorkdays)}` },
  { header: '中止', width: 7, value: (l) => l.stops },
  { header: '延期', width: 7, value: (l) => l.extensions },
  { header: '督办(逾期)', width: 10, value: (l) => `${l.directives}(${l.directivesOverdue})` },
  { header: '满意率', width: 9, value: (l) => percent(l.satisfactionRate) },
  { header: '差评', width: 7, value: (l) => l.badRatings },
];

const title = (c: Circular) => `${c.regionName}政务服务${c.month.slice(0, 4)}年${Number(c.month.slice(5))}月办件情况通报`;

export async function circularWorkbook(c: Circular): Promise<Buffer> {
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('月度通报');
  sheet.columns = COLUMNS.map((col) => ({ header: col.header, width: col.width }));
  sheet.spliceRows(1, 0, [title(c)], [`统计期间：${c.from} 至 ${c.to}　通报日期：${c.issuedOn}`]);
  sheet.mergeCells(1, 1, 1, COLUMNS.length);
  sheet.mergeCells(2, 1, 2, COLUMNS.length);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(3).font = { bold: true };
  for (const line of c.lines) {
    const row = sheet.addRow(COLUMNS.map((col) => col.value(line)));
    if (line.flagged) row.font = { color: { argb: 'FFB00000' } };
  }
  sheet.addRow([]);
  sheet.addRow([notes(c)]);
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer);
}

function notes(c: Circular): string {
  const flagged = c.lines.filter((l) => l.flagged).map((l) => l.departmentName);
  const overall = `全区共收件 ${c.total.received} 件，受理 ${c.total.accepted} 件，办结 ${c.total.completed} 件（其中承诺件 ${c.total.completed_promised} 件），按时办结率 ${percent(c.total.onTimeRate)}，提前办结率 ${percent(c.total.earlyRate)}（承诺件提前办结 ${c.total.early} 件）。`;
  return flagged.length > 0 ? `${overall}存在超期办件或督办逾期未复的部门：${flagged.join('、')}，请于 5 个工作日内书面说明原因并整改。` : `${overall}本月无超期办件。`;
}

export async function circularPdf(c: Circular): Promise<Buffer> {
  const { doc, done } = await openPdf({ size: 'A4', layout: 'landscape', margins: { top: 48, bottom: 48, left: 36, right: 36 }, info: { Title: title(c) } });
  const left = 36;
  const width = doc.page.width - 72;
  doc.font('bold').fontSize(17).text(title(c), left, 48, { width, align: 'center' });
  doc.font('body').fontSize(9.5).fillColor('#333').text(`统计期间：${c.from} 至 ${c.to}　通报日期：${c.issuedOn}`, { width, align: 'center' });
  const total = COLUMNS.reduce((s, col) => s + col.width, 0);
  const widths = COLUMNS.map((col) => (col.width / total) * width);
  let y = doc.y + 12;
  const drawRow = (cells: (string | number)[], options: { bold?: boolean; color?: string }) => {
    if (y > doc.page.height - 80) {
      doc.addPage();
      y = 48;
    }
    let x = left;
    doc.font(options.bold ? 'bold' : 'body').fontSize(8.5).fillColor(options.color ?? '#000');
    const height = Math.max(...cells.map((cell, i) => doc.heightOfString(String(cell), { width: widths[i]! - 4 }))) + 6;
    cells.forEach((cell, i) => {
      doc.rect(x, y, widths[i]!, height).strokeColor('#999').lineWidth(0.5).stroke();
      doc.text(String(cell), x + 2, y + 3, { width: widths[i]! - 4, align: i === 1 ? 'left' : 'center' });
      x += widths[i]!;
    });
    y += height;
  };
  drawRow(COLUMNS.map((col) => col.header), { bold: true });
  for (const line of c.lines) drawRow(COLUMNS.map((col) => col.value(line)), { color: line.flagged ? '#b00000' : '#000' });
  doc.font('body').fontSize(10).fillColor('#000').text(notes(c), left, y + 14, { width, lineGap: 4 });
  doc.fontSize(8.5).fillColor('#555').text(
    '口径：收件按提交日、受理按受理日、办结按出件办结日计；按时/提前以作出决定之日对照含中止、延期后的最终期限；办结率 = 办结 ÷ 受理；提前办结率 = 提前办结的承诺件 ÷ 办结的承诺件（即办件不计提前）；红字为被通报部门。',
    { width, lineGap: 3 },
  );
  doc.end();
  return done;
}
