import { useMutation } from '@tanstack/react-query';
import { App, Card, Switch, Tabs, Typography } from 'antd';
import { useState } from 'react';
import type { TAway } from '../../../server/src/modules/org/schema';
import { api, errorMessage } from '../api/client';
import { CaseTable } from '../components/CaseTable';
import { DirectivesTab } from './DirectivesTab';
import { CommitmentsTab } from './CommitmentsTab';
import { LicenceManager } from '../licences/LicenceManager';
import { JointReviewsTab } from './JointReviewsTab';
import { RectificationsTab } from '../ratings/RectificationsTab';

/** AB角: while away, my B works my queue. */
function AwaySwitch() {
  const [away, setAway] = useState(false);
  const { message } = App.useApp();
  const toggle = useMutation({
    mutationFn: (value: boolean) => api.post<TAway>('/api/me/away', { away: value }),
    onSuccess: (r) => {
      setAway(r.away);
      message.success(r.away ? '已设为外出，待办由 B 角代办' : '已返岗');
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <span>
      <Typography.Text type="secondary" style={{ marginRight: 8 }}>
        外出（B 角代办）
      </Typography.Text>
      <Switch aria-label="外出（B 角代办）" checked={away} loading={toggle.isPending} onChange={(v) => toggle.mutate(v)} />
    </span>
  );
}

/** 审批工作台: my work (and my absent A's, as their B), the department queue, and everything of the department. */
export function ReviewPage() {
  const base = '/review/cases';
  return (
    // The switch sits in the card's header, not the tab bar: a tab list may hold only tabs.
    <Card title="审批工作台" extra={<AwaySwitch />}>
      <Tabs
        items={[
          { key: 'mine', label: '我的待办', children: <CaseTable params={{ queue: 'mine' }} basePath={base} columns={['applicant', 'assignee', 'due']} emptyText="没有待办的办件" /> },
          { key: 'unclaimed', label: '待认领', children: <CaseTable params={{ queue: 'unclaimed' }} basePath={base} columns={['applicant', 'due']} emptyText="部门队列中没有待认领的办件" /> },
          { key: 'directives', label: '督办', children: <DirectivesTab casePath={base} /> },
          { key: 'joint-reviews', label: '联合图审/验收', children: <JointReviewsTab /> },
          { key: 'rectifications', label: '差评整改', children: <RectificationsTab /> },
          { key: 'commitments', label: '承诺核查', children: <CommitmentsTab casePath={base} /> },
          { key: 'licences', label: '证照管理', children: <LicenceManager /> },
          { key: 'all', label: '本部门全部', children: <CaseTable params={{}} basePath={base} columns={['applicant', 'assignee', 'due', 'submitted']} emptyText="暂无办件" /> },
        ]}
      />
    </Card>
  );
}
