import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TAddHandlerRequest, TEnterpriseOne, TEnterpriseProfile, THandlerRemoved } from '../../../server/src/modules/enterprise/schema';
import { api } from './client';

export type EnterpriseProfile = TEnterpriseProfile;

/** 本企业信息: full credit code, 法定代表人 and 经办人. */
export function useEnterprise() {
  return useQuery({ queryKey: ['enterprise'], queryFn: async () => (await api.get<TEnterpriseOne>('/api/enterprise')).enterprise });
}

export function useAddHandler() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TAddHandlerRequest) => api.post<TEnterpriseOne>('/api/enterprise/handlers', input),
    onSuccess: (data) => client.setQueryData(['enterprise'], data.enterprise),
  });
}

export function useRemoveHandler() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (memberId: number) => api.delete<THandlerRemoved>(`/api/enterprise/handlers/${memberId}`),
    onSuccess: (data) => client.setQueryData(['enterprise'], data.enterprise),
  });
}
