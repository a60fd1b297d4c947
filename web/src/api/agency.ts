import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TAgentStep, TAgentStepList, TAuthorisation, TAuthorisationList, TAuthorisationOne, TCreateAuthorisationRequest } from '../../../server/src/modules/agency/schema';
import { api } from './client';

export type Authorisation = TAuthorisation;
export type AgentStep = TAgentStep;

export function useAuthorisations() {
  return useQuery({ queryKey: ['authorisations'], queryFn: async () => (await api.get<TAuthorisationList>('/api/agency/authorisations')).authorisations });
}

export function useAgentSteps() {
  return useQuery({ queryKey: ['agent-steps'], queryFn: async () => (await api.get<TAgentStepList>('/api/agency/steps')).steps });
}

export function useCreateAuthorisation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TCreateAuthorisationRequest) => api.post<TAuthorisationOne>('/api/agency/authorisations', input),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['authorisations'] });
      void client.invalidateQueries({ queryKey: ['agent-steps'] });
    },
  });
}

export function useRevokeAuthorisation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: number; reason: string }) => api.post<TAuthorisationOne>(`/api/agency/authorisations/${input.id}/revoke`, { reason: input.reason }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['authorisations'] }),
  });
}

/** A file as base64, for the JSON body (委托书). */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('读取文件失败'));
    reader.readAsDataURL(file);
  });
}
