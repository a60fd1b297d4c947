import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useAddHandler, useEnterprise, useRemoveHandler, type EnterpriseProfile } from '../../api/enterprise';
import { errorMessage } from '../../api/client';

const ROLE_TEXT = { legal_rep: '法定代表人', handler: '经办人' } as const;
const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

/** 企业经办人: the enterprise's own record, and its 法定代表人 managing who may act for it. */
export function EnterprisePage() {
  const { data, isLoading, error } = useEnterprise();
  if (error) return <Alert type="error" showIcon message={errorMessage(error)} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title="本企业信息" loading={isLoading}>
        {data && (
          <Descriptions column={{ xs: 1, sm: 2 }} bordered size="small">
            <Descriptions.Item label="企业名称">{data.name}</Descriptions.Item>
            <Descriptions.Item label="统一社会信用代码">
              <span data-testid="credit-code">{data.creditCode}</span>
            </Descriptions.Item>
            <Descriptions.Item label="联系电话">{data.phoneMasked ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="当前登录">
              {data.actingPerson ? `${ROLE_TEXT[data.actingPerson.role]} ${data.actingPerson.name}` : '—'}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {data && <Members data={data} />}
      {data?.canManage && <AddHandler />}
    </Space>
  );
}

function Members({ data }: { data: EnterpriseProfile }) {
  const remove = useRemoveHandler();
  const { message } = AntApp.useApp();
  return (
    <Card title="法定代表人与经办人">
      <Typography.Paragraph type="secondary">
        经办人可通过“统一身份认证登录 → 法人登录”代表本企业申报事项，办件上记录经办人姓名。经办人由法定代表人添加和移除，移除后其登录立即失效。
      </Typography.Paragraph>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={data.members}
        columns={[
          { title: '姓名', dataIndex: 'name', render: (name: string, m) => <span data-testid="member-name">{name}{m.isMe && '（本人）'}</span> },
          { title: '身份', dataIndex: 'role', render: (role: 'legal_rep' | 'handler') => <Tag color={role === 'legal_rep' ? 'blue' : 'default'}>{ROLE_TEXT[role]}</Tag> },
          { title: '身份证号', dataIndex: 'idNumberMasked' },
          { title: '手机号', dataIndex: 'phoneMasked' },
          { title: '添加时间', dataIndex: 'addedAt', render: when },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, m) =>
              data.canManage && m.role === 'handler' ? (
                <Popconfirm
                  title={`移除经办人 ${m.name}？`}
                  description="移除后其登录立即失效，已提交的办件仍保留经办人记录。"
                  okText="移除"
                  cancelText="取消"
                  onConfirm={() =>
                    remove.mutateAsync(m.id).then(
                      () => message.success(`已移除经办人 ${m.name}`),
                      (e: unknown) => message.error(errorMessage(e)),
                    )
                  }
                >
                  <Button danger size="small">
                    移除
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      {data.removed.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            已移除的经办人
          </Typography.Title>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={data.removed}
            columns={[
              { title: '姓名', dataIndex: 'name' },
              { title: '添加时间', dataIndex: 'addedAt', render: when },
              { title: '移除时间', dataIndex: 'removedAt', render: when },
              { title: '移除人', dataIndex: 'removedByName', render: (v: string | null) => v ?? '—' },
            ]}
          />
        </>
      )}
    </Card>
  );
}

function AddHandler() {
  const add = useAddHandler();
  const [form] = Form.useForm<{ name: string; idNumber: string; phone: string }>();
  const { message } = AntApp.useApp();
  return (
    <Card title="添加经办人">
      {add.error && <Alert type="error" showIcon message={errorMessage(add.error)} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 480 }}
        onFinish={(values) =>
          add.mutate(values, {
            onSuccess: () => {
              message.success(`已添加经办人 ${values.name}，已短信通知本人`);
              form.resetFields();
            },
          })
        }
      >
        <Form.Item name="name" label="经办人姓名" rules={[{ required: true, message: '请填写经办人姓名' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label="经办人身份证号"
          rules={[{ required: true, message: '请填写身份证号' }, { len: 18, message: '身份证号应为 18 位' }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="phone" label="经办人手机号" rules={[{ required: true, message: '请填写手机号' }, { pattern: /^1[3-9]\d{9}$/, message: '手机号应为 11 位' }]}>
          <Input inputMode="numeric" autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending}>
          添加经办人
        </Button>
      </Form>
    </Card>
  );
}
