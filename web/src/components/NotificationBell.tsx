import { BellOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, List, Popover, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { useMe } from '../api/auth';
import { formatTime } from './format';
import type { TNotification, TNotificationList } from '../../../server/src/modules/notifications/schema';

/** 站内消息: what changed in my cases. */
export function NotificationBell() {
  const { data: me } = useMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { data } = useQuery({
    queryKey: ['notifications'],
    queryFn: () => api.get<TNotificationList>('/api/notifications?limit=20'),
    refetchInterval: 30_000,
    enabled: Boolean(me),
  });
  const open = async (n: TNotification) => {
    if (!n.read) await api.post(`/api/notifications/${n.id}/read`);
    void client.invalidateQueries({ queryKey: ['notifications'] });
    if (n.caseId && me?.role === 'applicant') navigate(`/portal/cases/${n.caseId}`);
  };
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title="消息"
      content={
        <List
          style={{ width: 320, maxHeight: 400, overflow: 'auto' }}
          dataSource={data?.notifications ?? []}
          locale={{ emptyText: '暂无消息' }}
          renderItem={(n) => (
            <List.Item onClick={() => void open(n)} style={{ cursor: 'pointer', opacity: n.read ? 0.6 : 1 }}>
              <List.Item.Meta
                title={n.title}
                description={
                  <>
                    <div>{n.body}</div>
                    <Typography.Text type="secondary">{formatTime(n.createdAt)}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      }
    >
      <Badge count={data?.unread ?? 0} size="small">
        <Button type="text" shape="circle" icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />} aria-label="消息" />
      </Badge>
    </Popover>
  );
}
