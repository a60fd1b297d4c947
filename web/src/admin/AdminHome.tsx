import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { TAdminWindow, TAdminWindowList } from '../../../server/src/modules/org/schema';
import type { TKioskAddress } from '../../../server/src/modules/ratings/schema';
import { api, errorMessage } from '../api/client';
import { CaseTable } from '../components/CaseTable';
import { RatingIndicatorsCard } from './RatingIndicatorsCard';
import { ScreenKeysCard } from './screens/ScreenKeysCard';

/** 窗口评价器: each window's tablet gets its own address (with a key), shown once. */
function KioskSetup() {
  const { data } = useQuery({ queryKey: ['windows'], queryFn: () => api.get<TAdminWindowList>('/api/admin/windows') });
  const client = useQueryClient();
  const { modal, message } = App.useApp();
  const issue = async (w: TAdminWindow) => {
    try {
      const { url } = await api.post<TKioskAddress>(`/api/admin/windows/${w.id}/kiosk-key`);
      void client.invalidateQueries({ queryKey: ['windows'] });
      modal.info({
        title: `${w.name} 评价器地址`,
        width: 640,
        content: (
          <Space direction="vertical">
            <Typography.Text>在该窗口的评价平板上打开以下地址（仅显示一次，旧地址即刻失效）：</Typography.Text>
            <Typography.Text copyable code>
              {url}
            </Typography.Text>
          </Space>
        ),
      });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Card title="窗口评价器">
      <Table<TAdminWindow>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={data?.windows ?? []}
        columns={[
          { title: '窗口', render: (_: unknown, w: TAdminWindow) => `${w.number} ${w.name}` },
          { title: '评价器', render: (_: unknown, w: TAdminWindow) => (w.kioskConfigured ? <Tag color="green">已配置</Tag> : <Tag>未配置</Tag>) },
          { title: '', render: (_: unknown, w: TAdminWindow) => <Button size="small" onClick={() => void issue(w)}>{w.kioskConfigured ? '重新生成地址' : '生成地址'}</Button> },
        ]}
      />
    </Card>
  );
}

export function AdminHome() {
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="本中心办件">
        <CaseTable params={{}} basePath="/admin/cases" columns={['applicant', 'department', 'due', 'submitted']} emptyText="暂无办件" />
      </Card>
      <KioskSetup />
      <RatingIndicatorsCard />
      <ScreenKeysCard />
    </Space>
  );
}
