import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TCaseDocument, TCaseDocumentList, TDecisionSettings, TDecisionSettingsInput } from '../../../server/src/modules/cases/schema';
import { api } from './client';

export type { TCaseDocument, TDecisionSettings };

/** The sealed notices and decisions of a case (文号, 决定机关, 印章). */
export function useCaseDocuments(caseId: string, enabled = true) {
  return useQuery({
    queryKey: ['cases', caseId, 'documents'],
    queryFn: async () => (await api.get<TCaseDocumentList>(`/api/cases/${caseId}/documents`)).documents,
    enabled,
  });
}

export function useDecisionSettings() {
  return useQuery({ queryKey: ['admin', 'decision-settings'], queryFn: () => api.get<TDecisionSettings>('/api/admin/decision-settings') });
}

export function useDecisionSettingsActions() {
  const client = useQueryClient();
  const done = (data: TDecisionSettings) => client.setQueryData(['admin', 'decision-settings'], data);
  return {
    save: useMutation({ mutationFn: (input: TDecisionSettingsInput) => api.put<TDecisionSettings>('/api/admin/decision-settings', input), onSuccess: done }),
    abbreviation: useMutation({
      mutationFn: ({ departmentId, abbreviation }: { departmentId: number; abbreviation: string | null }) =>
        api.put<TDecisionSettings>(`/api/admin/departments/${departmentId}/abbreviation`, { abbreviation }),
      onSuccess: done,
    }),
  };
}
