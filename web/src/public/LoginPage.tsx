import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ROLE_HOME, useLogin, useMe, useSecondFactor, type Me } from '../api/auth';

export function LoginPage() {
  const login = useLogin();
  const secondFactor = useSecondFactor();
  const [challenge, setChallenge] = useState<string | null>(null);
  const { data: me } = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  // A staff member the centre requires to use two-factor goes to enrolment first.
  const arrive = (data: { user: Me; mustEnrolTwoFactor: boolean }) =>
    navigate(data.mustEnrolTwoFactor ? '/me/security' : (next ?? ROLE_HOME[data.user.role]), { replace: true });
  if (me && !login.isPending && !secondFactor.isPending) return <Navigate to={next ?? ROLE_HOME[me.role]} replace />;

  if (challenge) {
    return (
      <div style={{ display: 'flex', justifyContent: 'center', padding: '48px 12px' }}>
        <Card style={{ width: 400, maxWidth: '100%' }} title="双因素认证">
          {secondFactor.error && <Alert type="error" showIcon message={secondFactor.error.message} style={{ marginBottom: 16 }} />}
          <Form layout="vertical" onFinish={(v: { code: string }) => secondFactor.mutate({ challenge, code: v.code }, { onSuccess: arrive })}>
            <Form.Item htmlFor="totp-code" name="code" label="验证器应用中的 6 位验证码（或恢复码）" rules={[{ required: true, message: '请输入验证码' }]}>
              <Input id="totp-code" size="large" autoComplete="one-time-code" autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={secondFactor.isPending}>
              验证并登录
            </Button>
            <Button type="link" block onClick={() => setChallenge(null)}>
              返回
            </Button>
          </Form>
        </Card>
      </div>
    );
  }

  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: '48px 12px' }}>
      <Card style={{ width: 400, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          登录
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          办事群众、企业和工作人员统一登录
        </Typography.Paragraph>
        {login.error && <Alert type="error" showIcon message={login.error.message} style={{ marginBottom: 16 }} />}
        <Form
          layout="vertical"
          onFinish={(values: { username: string; password: string }) =>
            login.mutate(values, { onSuccess: (data) => ('user' in data ? arrive(data) : setChallenge(data.challenge)) })
          }
        >
          <Form.Item htmlFor="username" name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input id="username" prefix={<UserOutlined />} autoComplete="username" size="large" />
          </Form.Item>
          <Form.Item htmlFor="password" name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password id="password" prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
            登录
          </Button>
        </Form>
        <Typography.Paragraph style={{ marginTop: 12, textAlign: 'center' }}>
          还没有账户？<Link to="/register">注册</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
