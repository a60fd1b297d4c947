import { App, Button, Card, Form, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { errorMessage } from '../../api/client';
import { useCreateScreenKey, useRevokeScreenKey, useScreenKeys, type TScreenKey } from '../../api/screens';

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

/**
 * 大厅大屏: each hall screen gets its own key (its address, shown once). A screen opened with its
 * key keeps its live line when the hall's public capacity is taken; revoking a key cuts it at once.
 */
export function ScreenKeysCard() {
  const { data, isLoading } = useScreenKeys();
  const create = useCreateScreenKey();
  const revoke = useRevokeScreenKey();
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();

  const issue = async ({ name }: { name: string }) => {
    try {
      const created = await create.mutateAsync(name);
      form.resetFields();
      modal.info({
        title: `${created.name} 大屏地址`,
        width: 680,
        content: (
          <Space direction="vertical">
            <Typography.Text>在该大屏上打开以下地址（仅显示一次；遗失请停用后重新生成）：</Typography.Text>
            <Typography.Text copyable code>
              {created.url}
            </Typography.Text>
          </Space>
        ),
      });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Card title="大厅大屏">
      <Form form={form} layout="inline" onFinish={(v) => void issue(v)} style={{ marginBottom: 12 }}>
        <Form.Item name="name" rules={[{ required: true, message: '请填写大屏名称（位置）' }, { max: 40 }]}>
          <Input placeholder="大屏名称，如：一楼大厅东侧" style={{ width: 260 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          生成大屏地址
        </Button>
      </Form>
      <Table<TScreenKey>
        rowKey="id"
        size="small"
        loading={isLoading}
        pagination={false}
        dataSource={data ?? []}
        locale={{ emptyText: '尚未登记大屏；未登记的大屏也能显示，但高峰时可能排不上实时连接' }}
        columns={[
          { title: '大屏', dataIndex: 'name' },
          {
            title: '状态',
            render: (_: unknown, k: TScreenKey) =>
              k.revokedAt ? <Tag>已停用</Tag> : k.openStreams > 0 ? <Tag color="green">在线</Tag> : <Tag color="default">离线</Tag>,
          },
          { title: '最近连接', render: (_: unknown, k: TScreenKey) => time(k.lastConnectedAt) },
          { title: '生成', render: (_: unknown, k: TScreenKey) => `${time(k.createdAt)} ${k.createdBy ?? ''}` },
          {
            title: '',
            render: (_: unknown, k: TScreenKey) =>
              k.revokedAt ? null : (
                <Popconfirm title="停用后该大屏立即断开实时连接，确定？" onConfirm={() => revoke.mutateAsync(k.id).catch((e) => message.error(errorMessage(e)))}>
                  <Button size="small" danger>
                    停用
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
}
