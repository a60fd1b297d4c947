import { Card, Tabs } from 'antd';
import { CaseTable } from '../components/CaseTable';

/** 电子监察: every running clock in the region with its light; open a case to decide an extension. */
export function SuperviseHome() {
  const base = '/supervise/cases';
  return (
    <Card title="电子监察">
      <Tabs
        items={[
          { key: 'running', label: '在办（红黄绿灯）', children: <CaseTable params={{ status: 'accepted' }} basePath={base} columns={['applicant', 'department', 'assignee', 'due']} emptyText="没有在办的办件" /> },
          { key: 'all', label: '全部办件', children: <CaseTable params={{}} basePath={base} columns={['department', 'due', 'submitted']} emptyText="暂无办件" /> },
        ]}
      />
    </Card>
  );
}
