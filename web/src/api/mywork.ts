import { useQuery } from '@tanstack/react-query';
import type { TMyWork } from '../../../server/src/modules/mywork/schema';
import { api } from './client';

export function useMyWork(from: string, to: string) {
  return useQuery({ queryKey: ['my-work', from, to], queryFn: () => api.get<TMyWork>(`/api/me/work?from=${from}&to=${to}`) });
}
