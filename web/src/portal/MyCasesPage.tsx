import { App, Button, Card, List, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useDrafts } from '../api/cases';
import { CaseTable } from '../components/CaseTable';
import { formatTime } from '../components/format';

export function MyCasesPage() {
  const { data: drafts } = useDrafts();
  const client = useQueryClient();
  const { message } = App.useApp();
  const remove = async (id: string) => {
    await fetch(`/api/drafts/${id}`, { method: 'DELETE', credentials: 'same-origin' });
    message.success('草稿已删除');
    void client.invalidateQueries({ queryKey: ['drafts'] });
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {Boolean(drafts?.length) && (
        <Card title="草稿">
          <List
            dataSource={drafts}
            renderItem={(d) => (
              <List.Item
                actions={[
                  <Link key="go" to={`/portal/apply/${d.itemId}?draft=${d.id}`}>
                    继续填写
                  </Link>,
                  <Button key="rm" type="link" danger onClick={() => void remove(d.id)}>
                    删除
                  </Button>,
                ]}
              >
                <List.Item.Meta title={d.itemName} description={<Typography.Text type="secondary">保存于 {formatTime(d.updatedAt)}</Typography.Text>} />
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card title="我的办件">
        <CaseTable params={{}} basePath="/portal/cases" columns={['department', 'due', 'submitted']} emptyText="还没有办件，去办事大厅申请吧" />
      </Card>
    </Space>
  );
}
