import { App, Button, Card, List, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { errorMessage } from '../api/client';
import { useAgentSteps, useAuthorisations, useRevokeAuthorisation } from '../api/agency';
import { formatTime } from '../components/format';

const STATUS_COLORS = { active: 'green', expired: 'default', revoked: 'red', pending: 'blue' } as const;

/** 我的代办: the authorisations I gave, every step taken for me, and revocation at any time. */
export function MyAgencyPage() {
  const { data: authorisations, isLoading } = useAuthorisations();
  const { data: steps } = useAgentSteps();
  const revoke = useRevokeAuthorisation();
  const { message } = App.useApp();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="我的代办委托（代办免费）">
        <Table
          rowKey="id"
          loading={isLoading}
          pagination={false}
          dataSource={authorisations ?? []}
          onRow={() => ({ 'data-testid': 'authorisation-row' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: '代办员', dataIndex: 'agentName' },
            { title: '授权范围', render: (_, a) => a.scopeLabels.join('、') + (a.scopeNote ? `（${a.scopeNote}）` : '') },
            { title: '有效期', render: (_, a) => `${a.validFrom} 至 ${a.validUntil}` },
            { title: '委托书', render: (_, a) => <a href={`/api/agency/authorisations/${a.id}/letter`} target="_blank" rel="noreferrer">查看</a> },
            { title: '状态', render: (_, a) => <Tag color={STATUS_COLORS[a.status]} data-testid="authorisation-status">{a.statusLabel}</Tag> },
            {
              title: '',
              render: (_, a) =>
                a.status === 'active' || a.status === 'pending' ? (
                  <Popconfirm title="撤销后代办员不能再为您办理，确定撤销？" okText="撤销" cancelText="取消" onConfirm={() => revoke.mutate({ id: a.id, reason: '申请人撤销' }, { onSuccess: () => message.success('委托已撤销'), onError: (e) => message.error(errorMessage(e)) })}>
                    <Button danger size="small">撤销委托</Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card title="代办记录（代办员为您办理的每一步）">
        <List
          dataSource={steps ?? []}
          locale={{ emptyText: '暂无' }}
          renderItem={(s) => (
            <List.Item data-testid="agent-step">
              <Typography.Text>{s.summary}</Typography.Text>
              <Typography.Text type="secondary">{formatTime(s.at)}</Typography.Text>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
