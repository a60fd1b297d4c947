import { Card, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { formatTime, STATUS_LABELS, useTrading } from '../api/trading';
import { CertificatePanel } from './keys';

/** The projects the caller runs (centre staff: all of the centre; supervisor: all). */
export function ProjectsPage() {
  const { data } = useTrading<{ projects: { id: string; number: string; title: string; status: string; bidDeadline: string | null; tendererName: string }[] }>(['projects'], '/api/trading/projects', 10_000);
  return (
    <Card title="交易项目">
      <CertificatePanel />
      <Table
        style={{ marginTop: 12 }}
        rowKey="id"
        dataSource={data?.projects ?? []}
        columns={[
          { title: '项目', render: (_, p) => <Link to={`/trading/projects/${p.id}`}>{`${p.number} ${p.title}`}</Link> },
          { title: '招标人', dataIndex: 'tendererName' },
          { title: '状态', render: (_, p) => <Tag>{STATUS_LABELS[p.status]}</Tag> },
          { title: '投标截止', render: (_, p) => formatTime(p.bidDeadline) },
        ]}
      />
    </Card>
  );
}

/** Supervisor and centre: the risk warnings with their evidence. */
export function CentrePage() {
  const { data } = useTrading<{ warnings: { id: number; ruleName: string; summary: string; projectNumber: string | null; raisedAt: string; evidence: unknown }[] }>(['warnings'], '/api/trading/warnings', 10_000);
  return (
    <Card title="风险预警">
      <Table
        rowKey="id"
        dataSource={data?.warnings ?? []}
        expandable={{ expandedRowRender: (w) => <pre style={{ margin: 0 }}>{JSON.stringify(w.evidence, null, 2)}</pre> }}
        columns={[
          { title: '时间', render: (_, w) => formatTime(w.raisedAt) },
          { title: '项目', dataIndex: 'projectNumber' },
          { title: '预警点', dataIndex: 'ruleName' },
          { title: '情况', dataIndex: 'summary' },
        ]}
      />
    </Card>
  );
}
