import { Card, Table, Tag } from 'antd';
import { useNavigate } from 'react-router';
import { useJointApplications } from '../api/joint';
import { LightTag } from '../components/StatusTag';
import { formatTime } from '../components/format';

/** 我的联办件 (applicant), 委托人的联办件 (agent). */
export function JointListPage({ base, title = '我的联办件', extra }: { base: string; title?: string; extra?: React.ReactNode }) {
  const { data, isLoading } = useJointApplications();
  const navigate = useNavigate();
  return (
    <Card title={title} extra={extra}>
      <Table
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={false}
        onRow={(r) => ({ onClick: () => navigate(`${base}/${r.id}`), style: { cursor: 'pointer' }, 'data-testid': 'joint-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '联办编号', dataIndex: 'number' },
          { title: '一件事', dataIndex: 'bundleName' },
          { title: '申请人', dataIndex: 'applicantName' },
          { title: '状态', dataIndex: 'statusLabel', render: (v: string, r) => <>{v}{r.priority && <Tag color="magenta" style={{ marginLeft: 4 }}>绿色通道</Tag>}</> },
          { title: '进度', render: (_, r) => (r.childCount ? `${r.decidedCount}/${r.childCount} 个部门已决定` : '—') },
          { title: '时钟', render: (_, r) => <LightTag light={r.light} workdaysLeft={r.workdaysLeft} /> },
          { title: '提交时间', dataIndex: 'submittedAt', render: (v: string) => formatTime(v) },
        ]}
      />
    </Card>
  );
}
