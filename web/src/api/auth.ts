import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../server/src/db/schema';
import type { TMe, TSecondFactorChallenge, TSession } from '../../../server/src/modules/auth/schema';
import { api, ApiError } from './client';

export type { Role };

/**
 * The server's schema declares the role as any code of the roles table; the codes it can hold are the
 * server's `Role`, which the web's per-role maps (labels, homes, menus) are keyed by.
 */
export type Me = Omit<TMe, 'role'> & { role: Role };
type Session = Omit<TSession, 'user'> & { user: Me };

export const ROLE_LABELS: Record<Role, string> = {
  applicant: '申请人',
  clerk: '综合受理窗口',
  reviewer: '审批人员',
  admin: '中心管理员',
  supervisor: '电子监察',
  department_head: '部门负责人',
  government_head: '本级人民政府负责人',
  agent: '代办员',
  trading_agency: '招标代理机构',
  trading_officer: '交易中心工作人员',
  expert: '评标专家',
  inspector: '巡查人员',
  intermediary: '中介机构',
};

export const ROLE_HOME: Record<Role, string> = {
  applicant: '/portal',
  clerk: '/hall',
  reviewer: '/review',
  admin: '/admin',
  supervisor: '/supervise',
  department_head: '/head',
  government_head: '/head',
  agent: '/agent',
  trading_agency: '/trading/projects',
  trading_officer: '/trading/projects',
  expert: '/trading/expert',
  inspector: '/inspect',
  intermediary: '/intermediary/desk',
};

/** The logged-in user, or null when nobody is. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return (await api.get<Session>('/api/auth/me')).user;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** A login's answer: a session, or the challenge for the second factor. */
export type LoginAnswer = Session | TSecondFactorChallenge;

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string }) => api.post<LoginAnswer>('/api/auth/login', input),
    onSuccess: (data) => {
      if (!('user' in data)) return;
      client.clear();
      client.setQueryData(['me'], data.user);
    },
  });
}

/** 登录第二步: the code from the authenticator app, or a recovery code. */
export function useSecondFactor() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { challenge: string; code: string }) => api.post<Session>('/api/auth/login/second-factor', input),
    onSuccess: (data) => {
      client.clear();
      client.setQueryData(['me'], data.user);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/api/auth/logout'),
    onSuccess: () => {
      client.clear();
      client.setQueryData(['me'], null);
    },
  });
}
