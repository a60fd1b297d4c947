import { App, Button, Card, Tabs } from 'antd';
import { api, errorMessage } from '../api/client';
import { CaseTable } from '../components/CaseTable';

/** 推送评价: the window's tablet shows the rating screen for the service just given. */
export function PushRatingButton({ caseId }: { caseId?: string }) {
  const { message } = App.useApp();
  return (
    <Button
      onClick={async () => {
        try {
          await api.post('/api/hall/window-service', caseId ? { caseId } : {});
          message.success('已推送到窗口评价器');
        } catch (e) {
          message.error(errorMessage(e));
        }
      }}
    >
      推送评价
    </Button>
  );
}

/** 受理工作台: the pre-review queue, cases waiting for the applicant, and the issuance desk. */
export function HallPage() {
  const base = '/hall/cases';
  return (
    // The button sits in the card's header, not the tab bar: a tab list may hold only tabs.
    <Card title="受理工作台" extra={<PushRatingButton />}>
      <Tabs
        items={[
          { key: 'intake', label: '待受理', children: <CaseTable params={{ status: 'submitted' }} basePath={base} columns={['applicant', 'department', 'submitted']} emptyText="没有待受理的办件" /> },
          { key: 'issue', label: '待出件', children: <CaseTable params={{ status: 'approved,denied' }} basePath={base} columns={['applicant', 'department', 'submitted']} emptyText="没有待出件的办件" /> },
          { key: 'correction', label: '待补正', children: <CaseTable params={{ status: 'correction_required' }} basePath={base} columns={['applicant', 'department', 'submitted']} emptyText="没有等待补正的办件" /> },
          { key: 'review', label: '审批中', children: <CaseTable params={{ status: 'accepted' }} basePath={base} columns={['applicant', 'department', 'due']} emptyText="没有审批中的办件" /> },
          { key: 'all', label: '全部', children: <CaseTable params={{}} basePath={base} columns={['applicant', 'department', 'submitted']} emptyText="暂无办件" /> },
        ]}
      />
    </Card>
  );
}
