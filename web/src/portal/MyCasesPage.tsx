import { Card } from 'antd';
import { CaseTable } from '../components/CaseTable';

export function MyCasesPage() {
  return (
    <Card title="我的办件">
      <CaseTable params={{}} basePath="/portal/cases" columns={['department', 'due', 'submitted']} emptyText="还没有办件，去办事大厅申请吧" />
    </Card>
  );
}
