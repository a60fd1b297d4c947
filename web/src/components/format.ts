import dayjs from 'dayjs';

export const formatTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');
export const formatDate = (date: string | null | undefined) => (date ? dayjs(date).format('YYYY年M月D日') : '—');

const UNITS: Record<string, string> = { workday: '个工作日', natural_day: '日', hour: '小时', on_the_spot: '' };
export const formatLimit = (limit: { value: number; unit: string } | null) =>
  !limit ? '—' : limit.unit === 'on_the_spot' || limit.value === 0 ? '当场办结' : `${limit.value}${UNITS[limit.unit] ?? ''}`;
