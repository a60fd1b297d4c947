import { Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe, type Role } from '../api/auth';

/** Pages of a role: unauthenticated visitors go to the login page and come back afterwards. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { data: me, isLoading } = useMe();
  const location = useLocation();
  if (isLoading) return <Spin style={{ display: 'block', margin: '120px auto' }} />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!roles.includes(me.role)) return <Result status="403" title="无权访问" subTitle="当前账号的角色不能访问此页面。" />;
  return <>{children}</>;
}
