import dayjs from 'dayjs';

/** A rate as the circulars print it: one decimal, or a dash when nothing was counted. */
export const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);
export const decimal = (value: number | null | undefined, digits = 1) => (value === null || value === undefined ? '—' : value.toFixed(digits));

const CHINA_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
/** Today on the legal clock (China time), YYYY-MM-DD, wherever the browser is. */
export const chinaToday = () => CHINA_DAY.format(new Date());

/** The periods a supervisor asks for most: 本月, 上月, 本年, the last 30 days. */
export function quickPeriods(today = chinaToday()) {
  const t = dayjs(today);
  const f = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD');
  return [
    { label: '本月', from: f(t.startOf('month')), to: f(t) },
    { label: '上月', from: f(t.subtract(1, 'month').startOf('month')), to: f(t.subtract(1, 'month').endOf('month')) },
    { label: '本年', from: f(t.startOf('year')), to: f(t) },
    { label: '近30天', from: f(t.subtract(29, 'day')), to: f(t) },
  ];
}
