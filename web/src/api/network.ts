import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TItemPage } from '../../../server/src/modules/catalog/schema';
import type { TCentre, TCentreContent, TCentreDetail, TCentreList, TCompliance, TComplianceRow, TLevelModes, TRegion, TRegionList } from '../../../server/src/modules/network/schema';
import type { TUpdateWindowRequest } from '../../../server/src/modules/staffing/schema';
import type { Indicator, TLevelRollup, TLevelRow, TLowerCentres, TLowerCentreScore, TRankingWeights, TTongbanItemList, TWeightsAnswer } from '../../../server/src/modules/tongban/schema';
import type { TJoinStaffRequest, TManagedCentre, TStaffChange, TWindowContent } from '../../../server/src/modules/staffing/schema';
import type { TAgencyApplication, TAgencyApplicationList, TConsent } from '../../../server/src/modules/village/schema';
import { api } from './client';

export type { TCentre, TCentreDetail, TManagedCentre, TRegion, TAgencyApplication, TComplianceRow, TLevelModes, TLevelRow, TRankingWeights, Indicator };

export const CENTRE_KIND_LABELS: Record<TCentre['kind'], string> = {
  centre: '政务服务中心',
  branch: '分中心',
  town_centre: '乡镇（街道）便民服务中心',
  village_station: '村（社区）便民服务站',
  agency_point: '村代办点',
};

export function useRegions(under?: string) {
  return useQuery({
    queryKey: ['regions', under],
    queryFn: async () => (await api.get<TRegionList>(`/api/regions${under ? `?under=${under}` : ''}`)).regions,
    staleTime: 60_000,
  });
}

export function useManagedCentres() {
  return useQuery({ queryKey: ['managed-centres'], queryFn: async () => (await api.get<TCentreList>('/api/admin/centres')).centres });
}

export function useCentreDetail(id: number | undefined) {
  return useQuery({ queryKey: ['centre', id], queryFn: () => api.get<TCentreDetail>(`/api/centres/${id}`), enabled: Boolean(id) });
}

export function useOrganisation(centreId: number) {
  return useQuery({ queryKey: ['organisation', centreId], queryFn: () => api.get<TManagedCentre>(`/api/admin/centres/${centreId}/organisation`) });
}

/** Every 进驻 change refreshes the centre's organisation and the centre list. */
function useOrganisationMutation<V, R>(centreId: number | null, fn: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['managed-centres'] });
      if (centreId !== null) void client.invalidateQueries({ queryKey: ['organisation', centreId] });
    },
  });
}

export const useCreateCentre = () => useOrganisationMutation(null, (body: Partial<TCentreContent>) => api.post<TCentre>('/api/admin/centres', body));
export const useCreateWindow = (centreId: number) => useOrganisationMutation(centreId, (body: Partial<TWindowContent>) => api.post<{ id: number }>(`/api/admin/centres/${centreId}/windows`, body));
export const useJoinStaff = (centreId: number) => useOrganisationMutation(centreId, (body: Partial<TJoinStaffRequest>) => api.post<{ id: number }>(`/api/admin/centres/${centreId}/staff`, body));
export const useEnterDepartment = (centreId: number) => useOrganisationMutation(centreId, (departmentId: number) => api.post(`/api/admin/centres/${centreId}/departments`, { departmentId }));
export const useRemoveStaff = (centreId: number) => useOrganisationMutation(centreId, (userId: number) => api.post<TStaffChange>(`/api/admin/staff/${userId}/leave`));
export const useMoveStaff = (centreId: number) =>
  useOrganisationMutation(centreId, ({ userId, ...body }: { userId: number; centreId: number; departmentId: number | null; windowId: number | null }) => api.post<TStaffChange>(`/api/admin/staff/${userId}/move`, body));

export const useLeaveDepartment = (centreId: number) => useOrganisationMutation(centreId, (departmentId: number) => api.delete(`/api/admin/centres/${centreId}/departments/${departmentId}`));
export const useUpdateWindow = (centreId: number) =>
  useOrganisationMutation(centreId, ({ windowId, ...body }: TUpdateWindowRequest & { windowId: number }) => api.patch(`/api/admin/windows/${windowId}`, body));
export const useSetChiefRepresentative = (centreId: number) =>
  useOrganisationMutation(centreId, ({ userId, itemIds }: { userId: number; itemIds: number[] | null }) => api.put(`/api/admin/staff/${userId}/chief-representative`, { itemIds }));
export const useSetBackup = (centreId: number) =>
  useOrganisationMutation(centreId, ({ userId, backupUserId }: { userId: number; backupUserId: number | null }) => api.put(`/api/admin/staff/${userId}/ab`, { backupUserId }));

/** 事项层级办理方式: per level, 全程办 / 收件转报 / 代办, and whether the guiding list holds it. */
export function useLevelModes(itemId: number | undefined) {
  return useQuery({ queryKey: ['level-modes', itemId], queryFn: async () => (await api.get<TLevelModes>(`/api/items/${itemId}/levels`)).modes, enabled: Boolean(itemId) });
}

export function useSetLevelModes() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, modes }: { itemId: number; modes: TLevelModes['modes'] }) => api.put(`/api/admin/items/${itemId}/levels`, { modes }),
    onSuccess: (_data, { itemId }) => {
      void client.invalidateQueries({ queryKey: ['level-modes', itemId] });
      void client.invalidateQueries({ queryKey: ['compliance'] });
    },
  });
}

/** 应进必进: per town and village centre, the guiding items it does not offer yet. */
export function useCompliance() {
  return useQuery({ queryKey: ['compliance'], queryFn: async () => (await api.get<TCompliance>('/api/network/compliance')).centres });
}

export function useSetCentreItem() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ centreId, itemId, mode }: { centreId: number; itemId: number; mode: TLevelModes['modes'][number]['mode'] | null }) => api.put(`/api/admin/centres/${centreId}/items/${itemId}`, { mode }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['compliance'] }),
  });
}

export type RankingWeightsAnswer = TWeightsAnswer;

export function useRankingWeights() {
  return useQuery({ queryKey: ['ranking-weights'], queryFn: () => api.get<RankingWeightsAnswer>('/api/supervision/lower-centres/weights') });
}

export function useSaveRankingWeights() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (weights: TRankingWeights) => api.put<RankingWeightsAnswer>('/api/admin/lower-centre-weights', weights),
    onSuccess: (data) => {
      client.setQueryData(['ranking-weights'], data);
      void client.invalidateQueries({ queryKey: ['lower-centres'] });
    },
  });
}

export type LowerCentreScore = TLowerCentreScore;

/** 下级中心考核排名 for a month, with the stored weights. */
export function useLowerCentres(month: string) {
  return useQuery({
    queryKey: ['lower-centres', month],
    queryFn: () => api.get<TLowerCentres>(`/api/supervision/lower-centres?month=${month}`),
  });
}

export type LevelRollup = TLevelRollup;

/** 分级统计: a region's child regions rolled up from their centres (default: the caller's own region). */
export function useLevelRollup(under: string | undefined, from: string, to: string) {
  return useQuery({
    queryKey: ['level-rollup', under ?? '', from, to],
    queryFn: () => api.get<LevelRollup>(`/api/supervision/levels?from=${from}&to=${to}${under ? `&under=${under}` : ''}`),
  });
}

/** Published items to pick from: one department's (首席代表), or a search over the catalogue. */
export function useItemChoices(params: { departmentId?: number; q?: string }, enabled = true) {
  const search = new URLSearchParams({ pageSize: '200', ...(params.departmentId ? { departmentId: String(params.departmentId) } : {}), ...(params.q ? { q: params.q } : {}) });
  return useQuery({
    queryKey: ['item-choices', params],
    queryFn: async () => (await api.get<TItemPage>(`/api/catalog/items?${search.toString()}`)).items,
    enabled,
    staleTime: 60_000,
  });
}

/** 通办 items this window may receive for another region. */
export function useTongbanItems(enabled: boolean) {
  return useQuery({ queryKey: ['tongban-items'], queryFn: async () => (await api.get<TTongbanItemList>('/api/tongban/items')).items, enabled, staleTime: 60_000 });
}

export function useVillageApplications() {
  return useQuery({ queryKey: ['village-applications'], queryFn: async () => (await api.get<TAgencyApplicationList>('/api/village/applications')).applications });
}

export const captureConsent = (body: unknown) => api.post<TConsent>('/api/village/consents', body);
export const confirmConsent = (id: number, code: string) => api.post<TConsent>(`/api/village/consents/${id}/confirm`, { code });
export const applyForVillager = (body: { consentId: number; formData: Record<string, unknown> }) => api.post<{ caseId: string }>('/api/village/applications', body);
export const handBack = (caseId: string, note: string) => api.post(`/api/village/applications/${caseId}/hand-back`, { note });
