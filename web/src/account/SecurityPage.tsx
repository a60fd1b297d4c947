import { Alert, App, Button, Card, Descriptions, Form, Image, Input, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useMe } from '../api/auth';
import { errorMessage } from '../api/client';
import {
  useChangePassword,
  useConfirmEnrolment,
  useDisableTwoFactor,
  useRegenerateRecoveryCodes,
  useRevokeSession,
  useSecurityStatus,
  useSessions,
  useSetStaffTwoFactor,
  useStaffTwoFactorSetting,
  useStartEnrolment,
} from '../api/security';

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

/** Recovery codes are shown once: the page says so and offers them for copying. */
function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 12 }}
      message="恢复码只显示这一次，请抄写或打印后妥善保管；手机丢失时每个恢复码可代替验证码登录一次。"
      description={<Typography.Paragraph copyable={{ text: codes.join('\n') }} style={{ fontFamily: 'monospace', marginBottom: 0 }}>{codes.join('  ')}</Typography.Paragraph>}
    />
  );
}

function TwoFactorCard() {
  const { message } = App.useApp();
  const status = useSecurityStatus();
  const start = useStartEnrolment();
  const confirm = useConfirmEnrolment();
  const disable = useDisableTwoFactor();
  const regenerate = useRegenerateRecoveryCodes();
  const [codes, setCodes] = useState<string[] | null>(null);
  const s = status.data;
  return (
    <Card title="双因素认证（动态验证码）" loading={status.isLoading}>
      {s && (
        <Descriptions column={1} size="small">
          <Descriptions.Item label="状态">{s.twoFactorEnabled ? <Tag color="green">已启用（{time(s.twoFactorEnabledAt)}）</Tag> : <Tag>未启用</Tag>}</Descriptions.Item>
          {s.twoFactorEnabled && <Descriptions.Item label="剩余恢复码">{s.recoveryCodesLeft}</Descriptions.Item>}
          {s.staffTwoFactorRequired && <Descriptions.Item label="中心要求">工作人员必须使用双因素认证</Descriptions.Item>}
        </Descriptions>
      )}
      {s && !s.twoFactorEnabled && !start.data && (
        <Button type="primary" onClick={() => start.mutate(undefined, { onError: (e) => message.error(errorMessage(e)) })} loading={start.isPending}>
          绑定验证器应用
        </Button>
      )}
      {s && !s.twoFactorEnabled && start.data && (
        <Space direction="vertical">
          <Typography.Text>用验证器应用（如 Microsoft Authenticator、Google Authenticator、FreeOTP）扫描二维码，或手工输入密钥：</Typography.Text>
          <Image src={start.data.qrDataUrl} width={220} preview={false} alt="绑定二维码" />
          <Typography.Text copyable code>{start.data.secret}</Typography.Text>
          <Form layout="inline" onFinish={(v: { code: string }) => confirm.mutate(v.code, { onSuccess: (d) => setCodes(d.recoveryCodes), onError: (e) => message.error(errorMessage(e)) })}>
            <Form.Item name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: '请输入应用显示的 6 位验证码' }]}>
              <Input placeholder="6 位验证码" maxLength={6} inputMode="numeric" autoComplete="one-time-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={confirm.isPending}>确认绑定</Button>
          </Form>
        </Space>
      )}
      {s?.twoFactorEnabled && (
        <Form layout="inline" style={{ marginTop: 12 }}>
          <Form.Item name="code" rules={[{ required: true, message: '请输入验证码' }]}>
            <Input placeholder="当前验证码或恢复码" />
          </Form.Item>
          <Form.Item shouldUpdate noStyle>
            {(form) => (
              <Space>
                <Button onClick={() => regenerate.mutate(form.getFieldValue('code'), { onSuccess: (d) => setCodes(d.recoveryCodes), onError: (e) => message.error(errorMessage(e)) })}>重新生成恢复码</Button>
                {!s.staffTwoFactorRequired && (
                  <Button danger onClick={() => disable.mutate(form.getFieldValue('code'), { onSuccess: () => message.success('已解绑'), onError: (e) => message.error(errorMessage(e)) })}>解绑</Button>
                )}
              </Space>
            )}
          </Form.Item>
        </Form>
      )}
      {codes && <RecoveryCodes codes={codes} />}
    </Card>
  );
}

function PasswordCard() {
  const { message } = App.useApp();
  const change = useChangePassword();
  const [form] = Form.useForm();
  return (
    <Card title="修改密码">
      <Typography.Paragraph type="secondary">至少 12 位，包含大写字母、小写字母、数字、符号中的至少三类，不含用户名，不能与最近 5 次的密码相同。修改后，其他设备上的登录全部失效。</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 400 }}
        onFinish={(v: { currentPassword: string; newPassword: string }) =>
          change.mutate(v, {
            onSuccess: (d) => {
              message.success(`密码已修改，其他 ${d.endedSessions} 个会话已下线`);
              form.resetFields();
            },
            onError: (e) => message.error(errorMessage(e)),
          })
        }
      >
        <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label="新密码" rules={[{ required: true, min: 12, message: '至少 12 位' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认新密码"
          dependencies={['newPassword']}
          rules={[{ required: true }, ({ getFieldValue }) => ({ validator: (_, value) => (value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入不一致'))) })]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>修改密码</Button>
      </Form>
    </Card>
  );
}

function SessionsCard() {
  const { message } = App.useApp();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  return (
    <Card title="登录会话">
      <Table
        rowKey="id"
        size="small"
        loading={sessions.isLoading}
        dataSource={sessions.data ?? []}
        pagination={false}
        columns={[
          { title: '登录时间', dataIndex: 'createdAt', render: time },
          { title: '最近活动', dataIndex: 'lastSeenAt', render: time },
          { title: '地址', dataIndex: 'ip', render: (v: string | null) => browserName(v) },
          { title: '浏览器', dataIndex: 'userAgent', ellipsis: true, render: (v: string | null) => browserName(v) },
          {
            title: '',
            key: 'action',
            render: (_: unknown, row) =>
              row.current ? <Tag color="blue">当前</Tag> : (
                <Button size="small" danger onClick={() => revoke.mutate(row.id, { onSuccess: () => message.success('已下线'), onError: (e) => message.error(errorMessage(e)) })}>下线</Button>
              ),
          },
        ]}
      />
    </Card>
  );
}

function CentreSettingCard() {
  const { message } = App.useApp();
  const setting = useStaffTwoFactorSetting(true);
  const save = useSetStaffTwoFactor();
  return (
    <Card title="中心安全设置">
      <Space>
        <Switch
          checked={setting.data?.staffTwoFactorRequired ?? false}
          loading={setting.isLoading || save.isPending}
          onChange={(checked) => save.mutate(checked, { onSuccess: () => void setting.refetch(), onError: (e) => message.error(errorMessage(e)) })}
        />
        <Typography.Text>工作人员必须使用双因素认证（未绑定的工作人员登录后只能先绑定）</Typography.Text>
      </Space>
    </Card>
  );
}

/** 账户安全: two-factor, password, sessions; the administrator also sets the centre's rule. */
export function SecurityPage() {
  const { data: me } = useMe();
  const status = useSecurityStatus();
  const mustEnrol = status.data && status.data.staffTwoFactorRequired && !status.data.twoFactorEnabled && me?.role !== 'applicant';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {mustEnrol && <Alert type="error" showIcon message="本中心要求工作人员使用双因素认证：请先绑定验证器应用，绑定后才能办理业务。" />}
      <TwoFactorCard />
      <PasswordCard />
      <SessionsCard />
      {me?.role === 'admin' && <CentreSettingCard />}
    </Space>
  );
}

/** The browser and system of a session in words ("Chrome · Windows"), not its user-agent string. */
function browserName(userAgent: string | null): string {
  if (!userAgent) return '—';
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /MicroMessenger/.test(userAgent) ? '微信' : /Chrome\//.test(userAgent) ? 'Chrome' : /Firefox\//.test(userAgent) ? 'Firefox' : /Safari\//.test(userAgent) ? 'Safari' : '其他浏览器';
  const system = /Android/.test(userAgent) ? '安卓手机' : /iPhone|iPad/.test(userAgent) ? '苹果手机' : /Windows/.test(userAgent) ? 'Windows 电脑' : /Mac OS/.test(userAgent) ? '苹果电脑' : /Linux/.test(userAgent) ? 'Linux 电脑' : '其他设备';
  return `${browser} · ${system}`;
}
