import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from './client';
import type { TChecklist, TPersonalDataView } from '../../../server/src/modules/cases/schema';

export type CaseStatus = 'submitted' | 'correction_required' | 'accepted' | 'refused' | 'approved' | 'denied' | 'completed' | 'withdrawn';
export type Light = 'green' | 'yellow' | 'red' | 'grey';

export interface CaseSummary {
  id: string;
  number: string;
  status: CaseStatus;
  statusLabel: string;
  channel: 'online' | 'window';
  itemName: string;
  itemCode: string;
  departmentName: string;
  applicantName: string;
  submittedAt: string;
  acceptedAt: string | null;
  dueDate: string | null;
  dueProvisional: boolean;
  workdaysLeft: number | null;
  light: Light | null;
  clockStopped: boolean;
  /** 受理时限 (art. 32): last day to answer a waiting application, days left and its light. */
  acceptanceDueDate: string | null;
  acceptanceWorkdaysLeft: number | null;
  acceptanceLight: 'green' | 'yellow' | 'red' | null;
  /** 依法视为受理: accepted by law after five working days unanswered. */
  deemedAccepted: boolean;
  /** 送达期限 (art. 44): ten working days after a licence is granted; days left and its light while it waits for issuance. */
  deliveryDueDate: string | null;
  deliveryWorkdaysLeft: number | null;
  deliveryLight: 'green' | 'yellow' | 'red' | null;
  /** Issued after its delivery deadline (null without one or before issuance). */
  deliveredLate: boolean | null;
  /** Key and label of the item's review-chain step the case stands at. */
  reviewStep: string | null;
  reviewStepLabel: string | null;
  assigneeName: string | null;
  decidedAt: string | null;
  completedAt: string | null;
  promisedLimitDays: number;
  /** 联办件 the case belongs to (抄告相关), or null. */
  jointApplicationId: string | null;
  /** 重点项目 (绿色通道): part of a key project; listed first in work queues. */
  keyProject: boolean;
}

export interface TimelineEntry {
  seq: number;
  at: string;
  action: string;
  actionLabel: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  actorRole: string;
  actorName: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

export interface CaseDetail extends CaseSummary {
  queryCode: string | null;
  formData: Record<string, unknown>;
  formFields: { key: string; label: string; type: string }[];
  decisionReason: string | null;
  legalLimitDays: number | null;
  deliveryPreference: { method: 'window' | 'post'; recipient?: string; phone?: string; address?: string } | null;
  clock: {
    promisedLimit: { value: number; unit: string };
    legalLimit: { value: number; unit: string } | null;
    baseDueDate: string | null;
    legalDueDate: string | null;
    stoppedWorkdays: number;
    extensionWorkdays: number;
    maxExtensionWorkdays: number;
    stops: { kind: string; kindLabel: string; reason: string; startedAt: string; endedAt: string | null; workdays: number | null; expectedWorkdays: number | null; expectedEndDate: string | null }[];
    extensions: { workdays: number; reason: string; status: 'pending' | 'approved' | 'rejected'; requestedAt: string; decidedAt: string | null }[];
  };
  applicant: { name: string; kind: 'natural' | 'legal' | null; identityNumber: string | null; phone: string | null; filedByName?: string | null };
  timeline: TimelineEntry[];
  rated: boolean;
  /** 审批链 the case runs (server: CaseReview). */
  review: {
    distinctPersons: boolean;
    currentIndex: number | null;
    steps: { key: string; label: string; kind: string; role: 'reviewer' | 'department_head'; decides: boolean; departments: number[] }[];
  } | null;
}

export interface CaseListParams {
  status?: string;
  queue?: 'mine' | 'unclaimed' | 'sign';
  limit?: number;
  offset?: number;
}

export function useCases(params: CaseListParams, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ['cases', params],
    queryFn: () => api.get<{ cases: CaseSummary[]; total: number }>(`/api/cases${query({ ...params })}`),
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval,
  });
}

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: ['case', id],
    queryFn: async () => (await api.get<{ case: CaseDetail }>(`/api/cases/${id}`)).case,
    enabled: Boolean(id),
  });
}

/** Every case action: POST /api/cases/:id/<action>, then lists and the case are fresh again. */
export function useCaseAction(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: string; body?: unknown }) =>
      api.post<{ case: CaseDetail }>(`/api/cases/${caseId}/${action}`, body ?? {}),
    onSuccess: (data) => {
      client.setQueryData(['case', caseId], data.case);
      void client.invalidateQueries({ queryKey: ['cases'] });
      void client.invalidateQueries({ queryKey: ['materials', caseId] });
    },
  });
}

export interface Deferral {
  materialId: string;
  promisedDate: string;
}

export function useSubmitCase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { itemId: number; formData: Record<string, unknown>; materials: string[]; deferred: Deferral[]; idempotencyKey: string }) =>
      api.post<{ case: CaseDetail }>(
        '/api/cases',
        { itemId: input.itemId, formData: input.formData, materials: input.materials, deferred: input.deferred },
        { 'idempotency-key': input.idempotencyKey },
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['cases'] }),
  });
}

export interface WalkInInput {
  applicant: { kind: 'natural' | 'legal'; name: string; identityNumber: string; phone: string };
  itemId: number;
  formData: Record<string, unknown>;
  checklist: string[];
  deferred?: Deferral[];
  acceptNow: boolean;
  /** 通办 (异地受理) only: where the result goes. */
  delivery?: { method: 'post' } | { method: 'collect'; pickupCentreId: number };
}

/** 窗口登记; with `delivery`, 通办: an item of another region received here, decided there. */
export function useWalkIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: WalkInInput) => api.post<{ case: CaseDetail }>(input.delivery ? '/api/tongban/walk-in' : '/api/hall/walk-in', input),
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
export async function uploadForMaterial(url: string, materialId: string | null, files: File[], name?: string): Promise<{ id: string; materials: { id: string; name: string; originalName: string }[] }> {
  const body = new FormData();
  if (materialId) body.append('materialId', materialId);
  else body.append('name', name ?? '');
  for (const file of files) body.append('file', file);
  const response = await fetch(url, { method: 'POST', body, credentials: 'same-origin' });
  const json = (await response.json().catch(() => ({}))) as { id: string; materials: { id: string; name: string; originalName: string }[]; error?: { message?: string } };
  if (!response.ok) throw new Error(json.error?.message ?? '上传失败');
  return json;
}

export interface Material {
  id: string;
  materialId: string | null;
  name: string;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: string;
  verdict: 'unchecked' | 'ok' | 'missing' | 'wrong' | 'expired';
  verdictNote: string | null;
}

export function useMaterials(caseId: string) {
  return useQuery({
    queryKey: ['materials', caseId],
    queryFn: async () => (await api.get<{ materials: Material[] }>(`/api/cases/${caseId}/materials`)).materials,
  });
}

export interface Draft {
  id: string;
  itemId: number;
  itemName: string;
  formData: Record<string, unknown>;
  updatedAt: string;
}

export function useDrafts() {
  return useQuery({ queryKey: ['drafts'], queryFn: async () => (await api.get<{ drafts: Draft[] }>('/api/drafts')).drafts });
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
