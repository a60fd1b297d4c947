import dayjs from 'dayjs';
import { ROLE_LABELS } from '../api/auth';

// The legal clock runs on China time; show it the same wherever the browser is.
const CHINA_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export const formatTime = (iso: string | null | undefined) => (iso ? CHINA_TIME.format(new Date(iso)).replaceAll('/', '-') : '—');
export const formatDate = (date: string | null | undefined) => (date ? dayjs(date).format('YYYY年M月D日') : '—');

const UNITS: Record<string, string> = { workday: '个工作日', natural_day: '日', hour: '小时', on_the_spot: '' };
export const formatLimit = (limit: { value: number; unit: string } | null) =>
  !limit ? '—' : limit.unit === 'on_the_spot' || limit.value === 0 ? '当场办结' : `${limit.value}${UNITS[limit.unit] ?? ''}`;

/** Who took a step, as a person reads it: the platform's own steps (sweeps, warnings) are 系统. */
export const actorRoleName = (role: string | null | undefined) => (!role || role === 'system' ? '系统' : ((ROLE_LABELS as Record<string, string>)[role] ?? '工作人员'));
