import { Alert, App, Button, Card, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import type { TRegistrationStarted } from '../../../server/src/modules/auth/schema';
import { Link, useNavigate } from 'react-router';
import { ApiError, api, errorMessage } from '../api/client';

/**
 * 申请人注册: citizens by 居民身份证号, enterprises by 统一社会信用代码 (both checked by the server),
 * then the SMS code. The first answer is the same for every number; the SMS tells the difference.
 */
export function RegisterPage() {
  const [form] = Form.useForm();
  const [pending, setPending] = useState<TRegistrationStarted | null>(null);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const kind = Form.useWatch('kind', form) ?? 'natural';
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: '32px 12px' }}>
      <Card style={{ width: 480, maxWidth: '100%' }} title="注册申请人账户">
        {pending ? (
          <Form
            layout="vertical"
            onFinish={async (values: { code: string }) => {
              try {
                await api.post('/api/auth/register/confirm', { registrationId: pending.registrationId, code: values.code });
                message.success('注册成功，请登录');
                navigate('/login');
              } catch (e) {
                message.error(errorMessage(e));
              }
            }}
          >
            <Alert type="info" showIcon style={{ marginBottom: 16 }} message={pending.message} />
            <Form.Item name="code" label="短信验证码" rules={[{ required: true, pattern: /^\d{6}$/, message: '请输入 6 位数字验证码' }]}>
              <Input maxLength={6} inputMode="numeric" autoComplete="one-time-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large">
              完成注册
            </Button>
            <Button type="link" block onClick={() => setPending(null)}>
              返回修改
            </Button>
          </Form>
        ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'natural' }}
          onFinish={async (values: Record<string, string>) => {
            try {
              setPending(await api.post<TRegistrationStarted>('/api/auth/register', values));
            } catch (e) {
              if (e instanceof ApiError && e.details.length) form.setFields(e.details.map((d) => ({ name: d.field.replace(/^body\./, ''), errors: [d.message] })));
              message.error(errorMessage(e));
            }
          }}
        >
          <Form.Item name="kind" label="申请人类型">
            <Radio.Group options={[{ value: 'natural', label: '个人' }, { value: 'legal', label: '企业/单位' }]} />
          </Form.Item>
          <Form.Item name="name" label={kind === 'legal' ? '单位名称' : '姓名'} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="identityNumber" label={kind === 'legal' ? '统一社会信用代码' : '居民身份证号'} rules={[{ required: true, len: 18, message: '应为 18 位' }]}>
            <Input maxLength={18} style={{ textTransform: 'uppercase' }} />
          </Form.Item>
          <Form.Item name="phone" label="手机号" rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '请输入 11 位手机号' }]}>
            <Input maxLength={11} inputMode="tel" />
          </Form.Item>
          <Form.Item name="username" label="用户名" rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{3,64}$/, message: '3–64 位字母、数字或 _.-' }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, min: 10, message: '至少 10 位，含字母和数字' }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large">
            获取验证码
          </Button>
        </Form>
        )}
        <Typography.Paragraph style={{ marginTop: 12, textAlign: 'center' }}>
          已有账户？<Link to="/login">登录</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
