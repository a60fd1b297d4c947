import { useQuery } from '@tanstack/react-query';
import { Card, Result, Typography } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import type { TTicketStatus } from '../../../server/src/modules/queue/schema';
import { api } from '../api/client';

/** The ticket on the visitor's phone (opened from the slip's QR): people ahead, then the window. */
export function TicketPage() {
  const { id } = useParams();
  const token = useSearchParams()[0].get('t') ?? '';
  const { data, error } = useQuery({
    queryKey: ['ticket', id, token],
    queryFn: () => api.get<TTicketStatus>(`/api/public/queue/tickets/${id}?t=${encodeURIComponent(token)}`),
    refetchInterval: 5000,
  });
  if (error) return <Result status="404" title="找不到这个排队号" />;
  if (!data) return null;
  return (
    <div style={{ maxWidth: 420, margin: '24px auto', padding: 12 }}>
      <Card>
        <Typography.Text type="secondary">{data.categoryName}</Typography.Text>
        <div style={{ fontSize: 64, fontWeight: 700, color: '#0b4f9c' }}>{data.number}</div>
        {data.status === 'waiting' && <Typography.Title level={4}>前面还有 {data.ahead} 人</Typography.Title>}
        {data.status === 'called' && <Typography.Title level={3} type="success">请到 {data.windowNumber} 号窗口（{data.windowName}）</Typography.Title>}
        {data.status === 'done' && <Typography.Title level={4}>已办理，感谢您的耐心</Typography.Title>}
        {(data.status === 'skipped' || data.status === 'abandoned') && <Typography.Title level={4} type="warning">已过号，请到服务台咨询</Typography.Title>}
      </Card>
    </div>
  );
}
