import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Table, Tabs, Tag } from 'antd';
import { useParams } from 'react-router';
import type { TPublishedAwards } from '../../../../server/src/modules/assessment/schema';
import type { TExposure } from '../../../../server/src/modules/discipline/schema';
import { api } from '../../api/client';
import { chinaDay } from '../../api/hall';

/** 曝光台 and 文明窗口 / 文明之星: what the centre has published about its hall. Public. */
export function ExposurePage() {
  const centreId = useParams().centreId ?? '1';
  const { data: exposure } = useQuery({ queryKey: ['exposure', centreId], queryFn: () => api.get<TExposure>(`/api/public/exposure/${centreId}`) });
  const { data: awards } = useQuery({ queryKey: ['awards', centreId], queryFn: () => api.get<TPublishedAwards>(`/api/public/assessment/${centreId}`) });
  return (
    <Card title={`${exposure?.centreName ?? ''} 作风建设公示`}>
      <Tabs items={[
        {
          key: 'awards',
          label: '文明窗口 · 文明之星',
          children: awards?.months.length ? (
            awards.months.map((m) => (
              <Card key={m.month} size="small" title={`${m.month.slice(0, 4)} 年 ${Number(m.month.slice(5))} 月`} style={{ marginBottom: 12 }}>
                <div>文明窗口：{m.windows.filter((w) => w.awarded).map((w) => <Tag key={w.name} color="gold">{w.name}（{w.total} 分）</Tag>)}</div>
                <div style={{ marginTop: 8 }}>文明之星：{m.stars.map((s) => <Tag key={s.name} color="gold">{s.name}（{s.total} 分）</Tag>)}</div>
              </Card>
            ))
          ) : (
            <Empty description="暂无公布的评选结果" />
          ),
        },
        {
          key: 'exposure',
          label: '曝光台',
          children: (
            <Table rowKey="id" size="small" dataSource={exposure?.entries} locale={{ emptyText: '近期无曝光事项' }} columns={[
              { title: '日期', render: (_, e) => chinaDay(e.foundAt) },
              { title: '窗口', render: (_, e) => e.window ?? '—' },
              { title: '人员', render: (_, e) => e.person ?? '—' },
              { title: '问题', dataIndex: 'rule' },
            ]} />
          ),
        },
      ]} />
    </Card>
  );
}
