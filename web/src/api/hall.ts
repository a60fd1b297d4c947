import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TAppointment, TBookingStanding, TMyAppointments, TSlot, TSlotList } from '../../../server/src/modules/appointments/schema';
import type { TCategory, TCentreCategories } from '../../../server/src/modules/hall-categories/schema';
import type { TCalled, THallDisplay, TQueueStats, TQueueStatsBy, TQueueStatsRow, TQueueStep, TTicketReceipt, TTicketStepped, TWindowBoard } from '../../../server/src/modules/queue/schema';
import { api, query } from './client';

/** The hall at work: categories, appointments and the queue (types from the server's zod schemas). */
export type { TAppointment, TBookingStanding, TCategory, THallDisplay, TQueueStatsBy, TQueueStatsRow, TSlot, TTicketReceipt, TWindowBoard };

export function useCategories(centreId: number | undefined) {
  return useQuery({
    queryKey: ['hall-categories', centreId],
    queryFn: () => api.get<TCentreCategories>(`/api/public/centres/${centreId}/categories`),
    enabled: Boolean(centreId),
  });
}

export function useSlots(categoryId: number | undefined, from: string, to: string) {
  return useQuery({
    queryKey: ['slots', categoryId, from, to],
    queryFn: async () => (await api.get<TSlotList>(`/api/appointments/slots${query({ categoryId, from, to })}`)).slots,
    enabled: Boolean(categoryId),
  });
}

export function useMyAppointments() {
  return useQuery({
    queryKey: ['my-appointments'],
    queryFn: () => api.get<TMyAppointments>('/api/appointments/mine'),
  });
}

export function useAppointmentActions() {
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['my-appointments'] });
    void client.invalidateQueries({ queryKey: ['slots'] });
  };
  return {
    book: useMutation({ mutationFn: (body: { slotId: number; itemId: number }) => api.post<TAppointment>('/api/appointments', body), onSuccess: refresh }),
    change: useMutation({ mutationFn: (v: { id: number; slotId: number }) => api.post<TAppointment>(`/api/appointments/${v.id}/change`, { slotId: v.slotId }), onSuccess: refresh }),
    cancel: useMutation({ mutationFn: (id: number) => api.post<TAppointment>(`/api/appointments/${id}/cancel`), onSuccess: refresh }),
  };
}

export function useWindowBoard() {
  return useQuery({ queryKey: ['window-board'], queryFn: () => api.get<TWindowBoard>('/api/queue/window'), refetchInterval: 5000 });
}

export type QueueStep = TQueueStep;

export function useQueueActions() {
  const client = useQueryClient();
  const refresh = () => void client.invalidateQueries({ queryKey: ['window-board'] });
  return {
    callNext: useMutation({ mutationFn: () => api.post<TCalled>('/api/queue/call-next'), onSuccess: refresh }),
    step: useMutation({
      mutationFn: (v: { id: number; step: QueueStep; categoryId?: number; windowId?: number; caseId?: string }) =>
        api.post<TTicketStepped>(`/api/queue/tickets/${v.id}/${v.step}`, {
          categoryId: v.categoryId,
          windowId: v.windowId,
          caseId: v.caseId,
        }),
      onSuccess: refresh,
    }),
  };
}

export function useQueueStats(from: string, to: string, by: TQueueStatsBy) {
  return useQuery({
    queryKey: ['queue-stats', from, to, by],
    queryFn: async () => (await api.get<TQueueStats>(`/api/queue/stats${query({ from, to, by })}`)).rows,
  });
}

export const PRIORITY_LABELS: Record<string, string> = {
  appointment: '预约',
  elderly: '老年人',
  disabled: '残疾人',
  green_channel: '绿色通道',
  transfer: '转窗',
};

/** China date 'YYYY-MM-DD' of an instant, and 'HH:MM'. */
export const chinaDay = (instant: Date | string = new Date()) => new Date(new Date(instant).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
export const chinaClock = (instant: Date | string) => new Date(new Date(instant).getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
