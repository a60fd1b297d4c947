import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from './client';
import type { TCaseAnswer, TCaseDetail, TCaseList, TCaseQueue, TCaseStatus, TCaseSummary, TChecklist, TDeferral, TDraft, TDraftList, TPersonalDataView, TTimelineEntry, TWalkInRequest } from '../../../server/src/modules/cases/schema';
import type { TMaterial, TMaterialList, TUploaded } from '../../../server/src/modules/materials/schema';

export type CaseStatus = TCaseStatus;
export type Light = NonNullable<TCaseSummary['light']>;

export type CaseSummary = TCaseSummary;
export type TimelineEntry = TTimelineEntry;
export type CaseDetail = TCaseDetail;

export interface CaseListParams {
  status?: string;
  queue?: TCaseQueue;
  limit?: number;
  offset?: number;
}

export function useCases(params: CaseListParams, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ['cases', params],
    queryFn: () => api.get<TCaseList>(`/api/cases${query({ ...params })}`),
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval,
  });
}

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: ['case', id],
    queryFn: async () => (await api.get<TCaseAnswer>(`/api/cases/${id}`)).case,
    enabled: Boolean(id),
  });
}

/** Every case action: POST /api/cases/:id/<action>, then lists and the case are fresh again. */
export function useCaseAction(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: string; body?: unknown }) =>
      api.post<TCaseAnswer>(`/api/cases/${caseId}/${action}`, body ?? {}),
    onSuccess: (data) => {
      client.setQueryData(['case', caseId], data.case);
      void client.invalidateQueries({ queryKey: ['cases'] });
      void client.invalidateQueries({ queryKey: ['materials', caseId] });
    },
  });
}

/** 容缺受理: a material promised for a later date. */
export type Deferral = TDeferral;

export function useSubmitCase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { itemId: number; formData: Record<string, unknown>; materials: string[]; deferred: Deferral[]; idempotencyKey: string }) =>
      api.post<TCaseAnswer>(
        '/api/cases',
        { itemId: input.itemId, formData: input.formData, materials: input.materials, deferred: input.deferred },
        { 'idempotency-key': input.idempotencyKey },
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['cases'] }),
  });
}

export type WalkInInput = TWalkInRequest & {
  /** 通办 (异地受理) only: where the result goes. */
  delivery?: { method: 'post' } | { method: 'collect'; pickupCentreId: number };
};

/** 窗口登记; with `delivery`, 通办: an item of another region received here, decided there. */
export function useWalkIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: WalkInInput) => api.post<TCaseAnswer>(input.delivery ? '/api/tongban/walk-in' : '/api/hall/walk-in', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['cases'] }),
  });
}

export type Checklist = TChecklist;
export type ChecklistMaterial = TChecklist['materials'][number];

/** 材料清单: the item's listed materials for this case, with files, verdicts, 容缺 and correction points. */
export function useChecklist(caseId: string) {
  return useQuery({
    queryKey: ['materials', caseId, 'checklist'],
    queryFn: () => api.get<Checklist>(`/api/cases/${caseId}/checklist`),
  });
}

/** The clerk's verdict on one listed material; the case's timeline gains the row. */
export function useVerifyMaterial(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ materialId, verdict, reason }: { materialId: string; verdict: 'accepted' | 'defective'; reason?: string }) =>
      api.post<Checklist>(`/api/cases/${caseId}/checklist/${materialId}/verify`, { verdict, reason }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['materials', caseId] });
      void client.invalidateQueries({ queryKey: ['case', caseId] });
    },
  });
}

/**
 * Sends files for one listed material: to a case (`/api/cases/:id/materials`) or, before the
 * application exists, to the item's staging (`/api/catalog/items/:id/uploads`).
 */
export async function uploadForMaterial(url: string, materialId: string | null, files: File[], name?: string): Promise<TUploaded> {
  const body = new FormData();
  if (materialId) body.append('materialId', materialId);
  else body.append('name', name ?? '');
  for (const file of files) body.append('file', file);
  const response = await fetch(url, { method: 'POST', body, credentials: 'same-origin' });
  const json = (await response.json().catch(() => ({}))) as TUploaded & { error?: { message?: string } };
  if (!response.ok) throw new Error(json.error?.message ?? '上传失败');
  return json;
}

/** A file of the case (server: materials/schema.ts, Material). */
export type Material = TMaterial;

export function useMaterials(caseId: string) {
  return useQuery({
    queryKey: ['materials', caseId],
    queryFn: async () => (await api.get<TMaterialList>(`/api/cases/${caseId}/materials`)).materials,
  });
}

export type Draft = TDraft;

export function useDrafts() {
  return useQuery({ queryKey: ['drafts'], queryFn: async () => (await api.get<TDraftList>('/api/drafts')).drafts });
}

export function useSaveDraft() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, itemId, formData }: { id?: string; itemId: number; formData: Record<string, unknown> }) =>
      id ? api.put<{ id: string }>(`/api/drafts/${id}`, { itemId, formData }) : api.post<{ id: string }>('/api/drafts', { itemId, formData }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['drafts'] }),
  });
}

export type PersonalDataView = TPersonalDataView;

/** 完整查看: the unmasked ID number and phone of a case; the server records who looked and why. */
export function useViewPersonalData(caseId: string) {
  return useMutation({
    mutationFn: (reason: string) => api.get<PersonalDataView>(`/api/cases/${caseId}/personal-data${query({ reason })}`),
  });
}
