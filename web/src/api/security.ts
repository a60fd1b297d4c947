import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TPasswordChanged, TRecoveryCodes, TSecuritySetting, TSecurityStatus, TSessionInfo, TSessionList, TTotpSetup } from '../../../server/src/modules/auth/security-schema';
import { api } from './client';

export type { TSecurityStatus, TSessionInfo };

export function useSecurityStatus() {
  return useQuery({ queryKey: ['security'], queryFn: () => api.get<TSecurityStatus>('/api/me/security') });
}

export function useSessions() {
  return useQuery({ queryKey: ['security', 'sessions'], queryFn: async () => (await api.get<TSessionList>('/api/me/security/sessions')).sessions });
}

function useSecurityMutation<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: ['security'] }) });
}

export const useStartEnrolment = () =>
  useSecurityMutation(() => api.post<TTotpSetup>('/api/me/security/totp/setup'));
export const useConfirmEnrolment = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.post<TRecoveryCodes>('/api/me/security/totp/enable', { code }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['security'] });
      void client.invalidateQueries({ queryKey: ['me'] });
    },
  });
};
export const useDisableTwoFactor = () => useSecurityMutation((code: string) => api.post('/api/me/security/totp/disable', { code }));
export const useRegenerateRecoveryCodes = () =>
  useSecurityMutation((code: string) => api.post<TRecoveryCodes>('/api/me/security/recovery-codes', { code }));
export const useChangePassword = () =>
  useSecurityMutation((input: { currentPassword: string; newPassword: string }) => api.post<TPasswordChanged>('/api/me/security/password', input));
export const useRevokeSession = () => useSecurityMutation((id: number) => api.delete(`/api/me/security/sessions/${id}`));

export function useStaffTwoFactorSetting(enabled: boolean) {
  return useQuery({
    queryKey: ['security', 'setting'],
    queryFn: () => api.get<TSecuritySetting>('/api/admin/settings/security'),
    enabled,
  });
}
export const useSetStaffTwoFactor = () =>
  useSecurityMutation((staffTwoFactorRequired: boolean) => api.put('/api/admin/settings/security', { staffTwoFactorRequired }));
