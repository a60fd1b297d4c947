import { Card, Tabs } from 'antd';
import { CaseTable } from '../components/CaseTable';

/** 审批工作台: my work (and my absent A's, as their B), the department queue, and everything of the department. */
export function ReviewPage() {
  const base = '/review/cases';
  return (
    <Card>
      <Tabs
        items={[
          { key: 'mine', label: '我的待办', children: <CaseTable params={{ queue: 'mine' }} basePath={base} columns={['applicant', 'assignee', 'due']} emptyText="没有待办的办件" /> },
          { key: 'unclaimed', label: '待认领', children: <CaseTable params={{ queue: 'unclaimed' }} basePath={base} columns={['applicant', 'due']} emptyText="部门队列中没有待认领的办件" /> },
          { key: 'all', label: '本部门全部', children: <CaseTable params={{}} basePath={base} columns={['applicant', 'assignee', 'due', 'submitted']} emptyText="暂无办件" /> },
        ]}
      />
    </Card>
  );
}
