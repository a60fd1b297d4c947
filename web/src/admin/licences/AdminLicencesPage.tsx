import { Card } from 'antd';
import { LicenceManager } from '../../licences/LicenceManager';

/** 证照管理 for the centre: every licence its departments issued, with the life-cycle steps. */
export function AdminLicencesPage() {
  return (
    <Card title="证照管理（本中心各部门签发的证照）">
      <LicenceManager />
    </Card>
  );
}
