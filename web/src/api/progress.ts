import { useQuery } from '@tanstack/react-query';
import { api, query } from './client';

export interface Progress {
  number: string;
  itemName: string;
  departmentName: string;
  status: string;
  statusLabel: string;
  submittedAt: string;
  dueDate: string | null;
  completedAt: string | null;
  steps: { at: string; action: string; label: string; status: string; statusLabel: string }[];
}

export function useProgress(number: string | null, code: string | null) {
  return useQuery({
    queryKey: ['progress', number, code],
    queryFn: async () => (await api.get<{ progress: Progress }>(`/api/progress${query({ number: number ?? '', code: code ?? '' })}`)).progress,
    enabled: Boolean(number && code),
    retry: false,
  });
}
