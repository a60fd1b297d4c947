import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { TPendingExtension, TPendingExtensionList } from '../../../server/src/modules/cases/schema';

/** One pending 延期 request in an approver's inbox. */
export type PendingExtension = TPendingExtension;

/** Pending 延期 requests: the head's inbox, or (for supervision) every one in the region. */
export function usePendingExtensions() {
  return useQuery({
    queryKey: ['extensions', 'pending'],
    queryFn: async () => (await api.get<TPendingExtensionList>('/api/extensions/pending')).extensions,
    refetchInterval: 30_000,
  });
}

export function useDecideExtension() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ caseId, approve, note }: { caseId: string; approve: boolean; note?: string }) =>
      api.post(`/api/cases/${caseId}/extensions/decide`, { approve, note }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['extensions'] });
      void client.invalidateQueries({ queryKey: ['cases'] });
      void client.invalidateQueries({ queryKey: ['case'] });
    },
  });
}
