import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TCreatedScreenKey, TScreenKey } from '../../../server/src/modules/supervision/screen-key-schema';
import { api } from './client';

export type { TCreatedScreenKey, TScreenKey };

/** 大屏密钥 of the administrator's centre. */
export function useScreenKeys() {
  return useQuery({ queryKey: ['screen-keys'], queryFn: async () => (await api.get<{ keys: TScreenKey[] }>('/api/admin/screen-keys')).keys });
}

export function useCreateScreenKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<TCreatedScreenKey>('/api/admin/screen-keys', { name }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['screen-keys'] }),
  });
}

export function useRevokeScreenKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/api/admin/screen-keys/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['screen-keys'] }),
  });
}
