import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TCentre, TCentreContent, TCentreDetail, TRegion } from '../../../server/src/modules/network/schema';
import type { TJoinStaffRequest, TManagedCentre, TStaffChange, TWindowContent } from '../../../server/src/modules/staffing/schema';
import type { TAgencyApplication, TConsent } from '../../../server/src/modules/village/schema';
import { api } from './client';

export type { TCentre, TCentreDetail, TManagedCentre, TRegion, TAgencyApplication };

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
    queryFn: async () => (await api.get<{ regions: TRegion[] }>(`/api/regions${under ? `?under=${under}` : ''}`)).regions,
    staleTime: 60_000,
  });
}

export function useManagedCentres() {
  return useQuery({ queryKey: ['managed-centres'], queryFn: async () => (await api.get<{ centres: TCentre[] }>('/api/admin/centres')).centres });
}

export function useCentreDetail(id: number | undefined) {
  return useQuery({ queryKey: ['centre', id], queryFn: () => api.get<TCentreDetail>(`/api/centres/${id}`), enabled: Boolean(id) });
}

export function useOrganisation(centreId: number) {
  return useQuery({ queryKey: ['organisation', centreId], queryFn: () => api.get<TManagedCentre>(`/api/admin/centres/${centreId}/organisation`) });
}

/** Every 进驻 change refreshes the centre's organisation and the centre list. */
function useOrganisationMutation<V>(centreId: number | null, fn: (v: V) => Promise<unknown>) {
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

export function useVillageApplications() {
  return useQuery({ queryKey: ['village-applications'], queryFn: async () => (await api.get<{ applications: TAgencyApplication[] }>('/api/village/applications')).applications });
}

export const captureConsent = (body: unknown) => api.post<TConsent>('/api/village/consents', body);
export const confirmConsent = (id: number, code: string) => api.post<TConsent>(`/api/village/consents/${id}/confirm`, { code });
export const applyForVillager = (body: { consentId: number; formData: Record<string, unknown> }) => api.post<{ caseId: string }>('/api/village/applications', body);
export const handBack = (caseId: string, note: string) => api.post(`/api/village/applications/${caseId}/hand-back`, { note });
