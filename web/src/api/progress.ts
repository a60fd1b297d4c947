import { useQuery } from '@tanstack/react-query';
import { api, query } from './client';
import type { TProgress, TProgressAnswer } from '../../../server/src/modules/progress/schema';

export type Progress = TProgress;

export function useProgress(number: string | null, code: string | null) {
  return useQuery({
    queryKey: ['progress', number, code],
    queryFn: async () => (await api.get<TProgressAnswer>(`/api/progress${query({ number: number ?? '', code: code ?? '' })}`)).progress,
    enabled: Boolean(number && code),
    retry: false,
  });
}
