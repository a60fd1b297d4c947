import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';

export interface CalendarDay {
  date: string;
  workday: boolean;
  kind: 'workday' | 'weekend' | 'holiday' | 'makeup';
  name?: string;
}

export interface CalendarStatus {
  years: { year: number; source: string; enteredAt: string; enteredBy: string | null }[];
  regionCode: string | null;
  regionDays: { date: string; name: string }[];
  warnings: string[];
}

export function useCalendarDays(year: number, region?: string | null) {
  return useQuery({
    queryKey: ['calendar-days', year, region],
    queryFn: () => api.get<CalendarDay[]>(`/api/calendar/days?from=${year}-01-01&to=${year}-12-31${region ? `&region=${region}` : ''}`),
  });
}

export function useCalendarStatus() {
  return useQuery({ queryKey: ['calendar-status'], queryFn: () => api.get<CalendarStatus>('/api/admin/calendar') });
}

export interface ScheduleInput {
  source: string;
  holidays: { name: string; from: string; to: string; makeupWorkdays: string[] }[];
}

function useCalendarMutation<T, R>(fn: (input: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['calendar-days'] });
      void client.invalidateQueries({ queryKey: ['calendar-status'] });
    },
  });
}

export const useSaveSchedule = () =>
  useCalendarMutation(({ year, schedule }: { year: number; schedule: ScheduleInput }) =>
    api.put<{ year: number; recomputedCases: number }>(`/api/admin/calendar/years/${year}`, schedule),
  );

export const useSaveRegionDay = () =>
  useCalendarMutation(({ date, name }: { date: string; name: string }) => api.put(`/api/admin/calendar/region-days/${date}`, { name }));

export const useRemoveRegionDay = () =>
  useCalendarMutation(async (date: string) => {
    const response = await fetch(`/api/admin/calendar/region-days/${date}`, { method: 'DELETE', credentials: 'same-origin' });
    if (!response.ok) throw new Error(((await response.json()) as { error: { message: string } }).error.message);
  });
