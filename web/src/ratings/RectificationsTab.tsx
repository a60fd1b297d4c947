import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useMe } from '../api/auth';
import { api, errorMessage } from '../api/client';
import { formatDate } from '../components/format';
import { LEVEL_TEXT } from './RateCaseCard';

interface Rectification {
  id: number;
  status: string;
  dueDate: string;
  overdue: boolean;
  needsCallback: boolean;
  level: number;
  comment: string;
  channel: string;
  departmentName: string | null;
  caseNumber: string | null;
  measures: string | null;
  fixLevel: number | null;
}

const STATUS: Record<string, { label: string; color: string }> = {
  pending: { label: '待整改', color: 'orange' },
  in_progress: { label: '整改中', color: 'blue' },
  rectified: { label: '已整改', color: 'green' },
  cannot_rectify: { label: '无法整改', color: 'default' },
  appealed: { label: '申诉中', color: 'purple' },
  invalid: { label: '申诉成立（无效评价）', color: 'default' },
};

/** 差评整改 for a department (act), a supervisor (decide appeals, call back) or a citizen. */
export function RectificationsTab() {
  const { data: me } = useMe();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [asking, setAsking] = useState<{ id: number; step: string; label: string } | null>(null);
  const [text, setText] = useState('');
  const { data, isLoading } = useQuery({ queryKey: ['rectifications'], queryFn: () => api.get<{ rectifications: Rectification[] }>('/api/rectifications') });
  const run = async (id: number, step: string, body: Record<string, unknown> = {}) => {
    try {
      await api.post(`/api/rectifications/${id}/${step}`, body);
      message.success('已提交');
      setAsking(null);
      setText('');
      void client.invalidateQueries({ queryKey: ['rectifications'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const actions = (r: Rectification) => {
    const ask = (step: string, label: string) => (
      <Button key={step} size="small" onClick={() => setAsking({ id: r.id, step, label })}>
        {label}
      </Button>
    );
    const open = ['pending', 'in_progress'].includes(r.status);
    if (me?.role === 'reviewer') {
      return [
        ...(r.status === 'pending' ? [<Button key="start" size="small" onClick={() => void run(r.id, 'start')}>开始整改</Button>] : []),
        ...(open ? [ask('rectify', '整改完成'), ask('cannot_rectify', '无法整改'), ask('appeal', '申诉')] : []),
        ...(r.needsCallback && ['rectified', 'cannot_rectify'].includes(r.status) ? [ask('callback', '回访')] : []),
      ];
    }
    if (me?.role === 'supervisor') {
      return r.status === 'appealed'
        ? [<Button key="a" size="small" type="primary" onClick={() => void run(r.id, 'accept_appeal')}>申诉成立</Button>, <Button key="r" size="small" onClick={() => void run(r.id, 'reject_appeal')}>驳回申诉</Button>]
        : [];
    }
    return [];
  };
  return (
    <>
      <List
        loading={isLoading}
        dataSource={data?.rectifications ?? []}
        locale={{ emptyText: '没有差评整改' }}
        renderItem={(r) => (
          <List.Item actions={actions(r)}>
            <List.Item.Meta
              title={
                <Space wrap>
                  <Tag color={STATUS[r.status]?.color}>{STATUS[r.status]?.label ?? r.status}</Tag>
                  {r.overdue && <Tag color="red">整改超期</Tag>}
                  <span>
                    {LEVEL_TEXT[r.level - 1]} · {r.channel === 'online' ? '网上评价' : '窗口评价'}
                    {r.caseNumber ? ` · 办件 ${r.caseNumber}` : ''}
                  </span>
                </Space>
              }
              description={
                <>
                  <div>{r.comment || '（无文字意见）'}</div>
                  {r.measures && <Typography.Text type="secondary">整改：{r.measures}</Typography.Text>}
                  <div style={{ fontSize: 12, color: '#999' }}>
                    {r.departmentName} · 整改期限 {formatDate(r.dueDate)}
                    {r.fixLevel ? ` · 群众对整改：${LEVEL_TEXT[r.fixLevel - 1]}` : ''}
                  </div>
                </>
              }
            />
          </List.Item>
        )}
      />
      <Modal open={Boolean(asking)} title={asking?.label} okText="确定" cancelText="取消" onCancel={() => setAsking(null)} onOk={() => asking && void run(asking.id, asking.step, { text })}>
        <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder="说明" />
      </Modal>
    </>
  );
}
