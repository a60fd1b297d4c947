import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TCaseLicences,
  TLicenceDetail,
  TLicenceList,
  TLicenceType,
  TLicenceTypeInput,
  TLicenceTypeList,
  TLicenceTypeOne,
  TMaterialReuse,
  TMaterialReuseList,
  TPublicLicence,
  TReusePreview,
  TReusePreviewList,
  TReuseStatistics,
  TVerification,
} from '../../../server/src/modules/licences/schema';
import type { TPublishedSeal, TPublishedSealList, TSealCreated } from '../../../server/src/modules/seals/schema';
import { api, ApiError } from './client';

export type { TLicenceDetail, TLicenceType, TPublicLicence, TVerification, TMaterialReuse, TPublishedSeal, TReuseStatistics };

export const LICENCE_STATUS: Record<string, { label: string; color: string }> = {
  valid: { label: '有效', color: 'green' },
  superseded: { label: '已被新版本取代', color: 'default' },
  suspended: { label: '已中止', color: 'orange' },
  cancelled: { label: '已注销', color: 'default' },
  revoked: { label: '已吊销', color: 'red' },
  expired: { label: '已过期', color: 'default' },
};

export const VERDICT_LOOK: Record<TVerification['verdict'], { status: 'success' | 'error' | 'warning' | 'info'; title: string }> = {
  genuine: { status: 'success', title: '真实有效' },
  altered: { status: 'error', title: '已被篡改' },
  revoked: { status: 'error', title: '已吊销' },
  cancelled: { status: 'warning', title: '已注销' },
  suspended: { status: 'warning', title: '已中止' },
  superseded: { status: 'warning', title: '已被新版本取代' },
  expired: { status: 'warning', title: '已过有效期' },
  not_found: { status: 'info', title: '未找到该证照' },
};

export function useWallet() {
  return useQuery({ queryKey: ['licences', 'mine'], queryFn: async () => (await api.get<TLicenceList>('/api/licences/mine')).licences });
}

export function useVerification(ref: string | null) {
  return useQuery({
    queryKey: ['verify', ref],
    queryFn: () => api.get<TVerification>(`/api/public/licences/verify?ref=${encodeURIComponent(ref ?? '')}`),
    enabled: Boolean(ref),
    retry: false,
  });
}

/** Sends the file itself, as the verification API takes it. */
export async function verifyPdfFile(file: File): Promise<TVerification> {
  const response = await fetch('/api/public/licences/verify-pdf', { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: file });
  const body = await response.json();
  if (!response.ok) throw new ApiError(response.status, body.error?.code ?? 'HTTP', body.error?.message ?? '验真失败');
  return body as TVerification;
}

export function useCaseLicences(caseId: string) {
  return useQuery({ queryKey: ['cases', caseId, 'licences'], queryFn: async () => (await api.get<TCaseLicences>(`/api/cases/${caseId}/licences`)).licences });
}

export function useCaseReuse(caseId: string) {
  return useQuery({ queryKey: ['cases', caseId, 'reuse'], queryFn: async () => (await api.get<TMaterialReuseList>(`/api/cases/${caseId}/reuse`)).materials });
}

export type ReusePreview = TReusePreview;

export function useReusePreview(itemId: number) {
  return useQuery({ queryKey: ['reuse-preview', itemId], queryFn: async () => (await api.get<TReusePreviewList>(`/api/catalog/items/${itemId}/reuse-preview`)).materials });
}

export function authoriseLicenceUse(caseId: string) {
  return api.post<TMaterialReuseList>(`/api/cases/${caseId}/licence-use`);
}

export function useLicenceTypes() {
  return useQuery({ queryKey: ['admin', 'licence-types'], queryFn: async () => (await api.get<TLicenceTypeList>('/api/admin/licence-types')).types });
}

export function useSaveLicenceType() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: TLicenceTypeInput }) =>
      id ? api.put<TLicenceTypeOne>(`/api/admin/licence-types/${id}`, input) : api.post<TLicenceTypeOne>('/api/admin/licence-types', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'licence-types'] }),
  });
}

export function useSeals() {
  return useQuery({ queryKey: ['admin', 'seals'], queryFn: async () => (await api.get<TPublishedSealList>('/api/admin/seals')).seals });
}

export function useSealActions() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: ['admin', 'seals'] });
  return {
    rotate: useMutation({ mutationFn: (departmentId: number) => api.post<TSealCreated>('/api/admin/seals', { departmentId }), onSuccess: done }),
    revoke: useMutation({ mutationFn: ({ id, reason }: { id: number; reason: string }) => api.post<null>(`/api/admin/seals/${id}/revoke`, { reason }), onSuccess: done }),
  };
}
