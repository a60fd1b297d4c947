import type { paymentsForExport } from './service.js';
import { loadExcel } from '../../documents/lazy-libs.js';

type PaymentRow = Awaited<ReturnType<typeof paymentsForExport>>[number];

const HEADERS = ['缴费时间', '办件编号', '办理事项', '执收单位', '通知书编号', '缴款码', '金额（元）', '支付渠道', '渠道流水号'];
const cells = (r: PaymentRow) => [
  r.paidAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }),
  r.caseNumber,
  r.itemName,
  r.departmentName,
  r.noticeNumber,
  r.paymentCode,
  r.amount,
  r.gateway,
  r.gatewayTxn,
];

/** CSV for a finance system: UTF-8 with BOM (Excel opens it in Chinese), RFC 4180 quoting. */
export function paymentsCsv(rows: PaymentRow[]): Buffer {
  const quote = (value: string) => (/[",\r\n]/.test(value) || /^[=+\-@]/.test(value) ? `"${value.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : value);
  const lines = [HEADERS, ...rows.map(cells)].map((line) => line.map((v) => quote(String(v))).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The same as a workbook: one sheet of payments with a total row, amounts as numbers. */
export async function paymentsXlsx(rows: PaymentRow[], title: string): Promise<Buffer> {
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('缴费明细');
  sheet.addRow([title]).font = { bold: true, size: 13 };
  sheet.addRow(HEADERS).font = { bold: true };
  for (const r of rows) {
    const values = cells(r);
    values[6] = Number(r.amount) as unknown as string;
    sheet.addRow(values);
  }
  const total = sheet.addRow(['合计', `${rows.length} 笔`, '', '', '', '', rows.reduce((sum, r) => sum + Math.round(Number(r.amount) * 100), 0) / 100]);
  total.font = { bold: true };
  sheet.getColumn(7).numFmt = '0.00';
  [20, 24, 30, 24, 26, 24, 12, 18, 24].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
