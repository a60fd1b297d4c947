import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TBundle,
  TBundleList,
  TBundleOne,
  TCaseJoint,
  TJointApplication,
  TJointDetail,
  TJointMaterialUploaded,
  TJointSummary,
  TJointSummaryList,
  TPendingJointExtension,
  TPendingJointExtensionList,
  TSiblingView,
} from '../../../server/src/modules/joint/schema';
import { api, ApiError, query } from './client';

/** 联办件 (server/src/modules/joint): the server's own types, not copies. */
export type Bundle = TBundle;
export type JointSummary = TJointSummary;
export type JointDetail = TJointDetail;
export type SiblingView = TSiblingView;
export type PendingJointExtension = TPendingJointExtension;

export function useBundles(kind: 'bundle' | 'stage' = 'bundle') {
  return useQuery({ queryKey: ['bundles', kind], queryFn: async () => (await api.get<TBundleList>(`/api/bundles${query({ kind })}`)).bundles });
}

export function useBundle(id: number) {
  return useQuery({ queryKey: ['bundle', id], queryFn: async () => (await api.get<TBundleOne>(`/api/bundles/${id}`)).bundle, enabled: Number.isFinite(id) && id > 0 });
}

export function useJointApplications(status?: string, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ['joint-applications', status ?? ''],
    queryFn: async () => (await api.get<TJointSummaryList>(`/api/joint-applications${query({ status })}`)).applications,
    refetchInterval: options.refetchInterval,
  });
}

export function useJointApplication(id: string | undefined) {
  return useQuery({
    queryKey: ['joint-application', id],
    queryFn: async () => (await api.get<TJointApplication>(`/api/joint-applications/${id}`)).application,
    enabled: Boolean(id),
  });
}

export function useSubmitJoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { bundleId: number; formData: Record<string, unknown>; optionalItemIds?: number[]; applicantId?: number }) =>
      api.post<TJointApplication>('/api/joint-applications', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['joint-applications'] }),
  });
}

/** Every step of a joint application: POST /api/joint-applications/:id/<step>. */
export function useJointStep(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ step, body }: { step: string; body?: unknown }) => api.post<TJointApplication>(`/api/joint-applications/${id}/${step}`, body ?? {}),
    onSuccess: (data) => {
      client.setQueryData(['joint-application', id], data.application);
      void client.invalidateQueries({ queryKey: ['joint-applications'] });
      void client.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}

/** The joint application a department's case belongs to (siblings' status only); null when none. */
export function useCaseJoint(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['case-joint', caseId],
    queryFn: async () => {
      try {
        return (await api.get<TCaseJoint>(`/api/cases/${caseId}/joint`)).joint;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    enabled,
  });
}

export function useDepartmentCorrection(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (missing: string[]) => api.post<TCaseJoint>(`/api/cases/${caseId}/joint-correction`, { missing }),
    onSuccess: (data) => {
      client.setQueryData(['case-joint', caseId], data.joint);
      void client.invalidateQueries({ queryKey: ['case', caseId] });
    },
  });
}

/** 联办延期 waiting for the 本级人民政府负责人 (art. 26/42, +15 working days). */
export function usePendingJointExtensions(enabled: boolean) {
  return useQuery({
    queryKey: ['joint-extensions', 'pending'],
    queryFn: async () => (await api.get<TPendingJointExtensionList>('/api/joint-extensions/pending')).extensions,
    enabled,
    refetchInterval: 30_000,
  });
}

export function useDecideJointExtension() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ jointId, approve, note }: { jointId: string; approve: boolean; note?: string }) =>
      api.post<TJointApplication>(`/api/joint-applications/${jointId}/extensions/decide`, { approve, note }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['joint-extensions'] });
      void client.invalidateQueries({ queryKey: ['joint-applications'] });
    },
  });
}

/** 材料一次提交: one file for the whole joint application (multipart, the server checks the content). */
export function useUploadJointMaterial(jointId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ name, file }: { name: string; file: Blob }) => {
      const body = new FormData();
      body.append('name', name);
      body.append('file', file);
      const response = await fetch(`/api/joint-applications/${jointId}/materials`, { method: 'POST', body, credentials: 'same-origin' });
      const json = (await response.json().catch(() => ({}))) as { error?: { message?: string }; attachedTo?: string[] };
      if (!response.ok) throw new Error(json.error?.message ?? '上传失败');
      return json as TJointMaterialUploaded;
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ['joint-application', jointId] }),
  });
}
