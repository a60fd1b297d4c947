import { Card } from 'antd';
import { CaseTable } from '../components/CaseTable';

export function AdminHome() {
  return (
    <Card title="本中心办件">
      <CaseTable params={{}} basePath="/admin/cases" columns={['applicant', 'department', 'due', 'submitted']} emptyText="暂无办件" />
    </Card>
  );
}
