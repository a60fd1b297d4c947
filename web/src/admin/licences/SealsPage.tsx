import { Alert, App, Button, Card, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { useSealActions, useSeals } from '../../api/licences';

const STATUS = { active: { label: '有效', color: 'green' }, retired: { label: '已轮换', color: 'default' }, revoked: { label: '已注销', color: 'red' } } as const;

/** 电子印章: each department's seals, their published keys; 轮换 and 注销. */
export function SealsPage() {
  const { data, isLoading, error } = useSeals();
  const { rotate, revoke } = useSealActions();
  const [reason, setReason] = useState('');
  const { message } = App.useApp();
  return (
    <Card title="电子印章" extra={<Typography.Text type="secondary">私钥加密保存，不出服务器；公钥公开于 /api/public/seals</Typography.Text>}>
      {error && <Alert type="error" message={error.message} />}
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={{ pageSize: 15 }}
        columns={[
          { title: '印章', render: (_, s) => <img src={`/api/public/seals/${s.id}/image.svg`} alt={s.name} width={64} height={64} /> },
          { title: '部门', dataIndex: 'departmentName' },
          { title: '印章编码', dataIndex: 'code' },
          { title: '名称', dataIndex: 'name' },
          { title: '启用', dataIndex: 'validFrom', render: (v: string) => v.slice(0, 10) },
          { title: '状态', dataIndex: 'status', render: (s: keyof typeof STATUS, row) => <Tag color={STATUS[s].color}>{STATUS[s].label}{row.revokedReason ? `：${row.revokedReason}` : ''}</Tag> },
          { title: '公钥 (SM2)', dataIndex: 'publicKey', render: (k: string) => <Typography.Text copyable={{ text: k }} style={{ fontSize: 12 }}>{k.slice(0, 18)}…</Typography.Text> },
          {
            title: '',
            render: (_, s) =>
              s.status === 'active' && (
                <Space>
                  <Popconfirm title="轮换后旧章停用，已签证照仍可验证。确定轮换？" onConfirm={() => rotate.mutate(s.departmentId, { onSuccess: () => message.success('已轮换'), onError: (e) => message.error(errorMessage(e)) })}>
                    <Button size="small">轮换</Button>
                  </Popconfirm>
                  <Popconfirm
                    title={<Input placeholder="注销理由" onChange={(e) => setReason(e.target.value)} />}
                    onConfirm={() => revoke.mutate({ id: s.id, reason }, { onSuccess: () => message.success('已注销'), onError: (e) => message.error(errorMessage(e)) })}
                  >
                    <Button size="small" danger>注销</Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
