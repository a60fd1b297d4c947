import { useQuery } from '@tanstack/react-query';
import type { THome } from '../../../server/src/modules/home/schema';
import { api } from './client';

export type { THome };

/** The home page's hot items, notices and the centre's address, phone and hours (public). */
export function useHome() {
  return useQuery({ queryKey: ['home'], queryFn: () => api.get<THome>('/api/public/home'), staleTime: 5 * 60_000 });
}
