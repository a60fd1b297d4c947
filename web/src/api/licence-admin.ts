import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TArchive } from '../../../server/src/modules/archive/schema';
import type {
  TCommitmentChecked,
  TCommitmentCheckRequest,
  TLicenceList,
  TLicenceOne,
  TLifecycleRequest,
  TPendingCommitment,
  TPendingCommitmentList,
  TReuseStatistics,
} from '../../../server/src/modules/licences/schema';
import { api } from './client';

export type { TArchive, TPendingCommitment, TReuseStatistics };

/** 本部门（本中心）签发的证照, current versions. */
export function useIssuedLicences() {
  return useQuery({ queryKey: ['licences', 'issued'], queryFn: async () => (await api.get<TLicenceList>('/api/licences/issued')).licences });
}

/** 变更 / 延续 / 中止 / 恢复 / 注销 / 吊销, each with its reason. */
export function useLicenceLifecycle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: TLifecycleRequest & { id: string }) => api.post<TLicenceOne>(`/api/licences/${id}/lifecycle`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['licences'] }),
  });
}

/** 告知承诺 waiting for the department's check. */
export function usePendingCommitments() {
  return useQuery({ queryKey: ['commitments', 'pending'], queryFn: async () => (await api.get<TPendingCommitmentList>('/api/commitments/pending')).commitments });
}

export function useCheckCommitment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, result, note }: TCommitmentCheckRequest & { id: number }) => api.post<TCommitmentChecked>(`/api/commitments/${id}/check`, { result, note }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['commitments'] }),
  });
}

export function useArchives(due: boolean) {
  return useQuery({ queryKey: ['admin', 'archives', due], queryFn: async () => (await api.get<{ archives: TArchive[] }>(`/api/admin/archives?due=${due}`)).archives });
}

export function useArchiveDecision() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ caseId, ...body }: { caseId: string; decision: 'destroy' | 'extend'; reason: string; extendYears?: number }) => api.post<unknown>(`/api/admin/archives/${caseId}/decision`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'archives'] }),
  });
}

export function useReuseStatistics() {
  return useQuery({ queryKey: ['admin', 'reuse-stats'], queryFn: () => api.get<TReuseStatistics>('/api/admin/reuse-stats') });
}
