import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TCalendarDay, TCalendarDays, TCalendarStatus, TSchedule, TScheduleSaved } from '../../../server/src/modules/calendar/schema';
import { api } from './client';

export type { TCalendarDay };

export function useCalendarDays(year: number, region?: string | null) {
  return useQuery({
    queryKey: ['calendar-days', year, region],
    queryFn: () => api.get<TCalendarDays>(`/api/calendar/days?from=${year}-01-01&to=${year}-12-31${region ? `&region=${region}` : ''}`),
  });
}

export function useCalendarStatus() {
  return useQuery({ queryKey: ['calendar-status'], queryFn: () => api.get<TCalendarStatus>('/api/admin/calendar') });
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
  useCalendarMutation(({ year, schedule }: { year: number; schedule: TSchedule }) =>
    api.put<TScheduleSaved>(`/api/admin/calendar/years/${year}`, schedule),
  );

export const useSaveRegionDay = () =>
  useCalendarMutation(({ date, name }: { date: string; name: string }) => api.put(`/api/admin/calendar/region-days/${date}`, { name }));

export const useRemoveRegionDay = () =>
  useCalendarMutation(async (date: string) => {
    const response = await fetch(`/api/admin/calendar/region-days/${date}`, { method: 'DELETE', credentials: 'same-origin' });
    if (!response.ok) throw new Error(((await response.json()) as { error: { message: string } }).error.message);
  });
