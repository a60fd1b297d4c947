import { Card, Empty, List, Table, Tabs, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { TBlacklist, TDaySchedule, TPublicationList, TRiskRules } from '../../../server/src/modules/trading/schema';
import { formatTime, KIND_LABELS, useTrading } from '../api/trading';

/** The public site: 公告公示, 当日交易安排, 曝光台 and the risk rules. */
export function PublicTradingPage() {
  const publications = useTrading<TPublicationList>(['publications'], '/api/public/trading/publications', 10_000);
  const schedule = useTrading<TDaySchedule>(['schedule'], '/api/public/trading/schedule', 30_000);
  const blacklist = useTrading<TBlacklist>(['blacklist'], '/api/public/trading/blacklist');
  const rules = useTrading<TRiskRules>(['rules'], '/api/public/trading/risk-rules');
  return (
    <Card title="公共资源交易" extra={<Link to="/trading/awards">中标通知书验真</Link>}>
      <Tabs
        items={[
          {
            key: 'publications',
            label: '公告公示',
            children: (
              <List
                dataSource={publications.data?.publications ?? []}
                locale={{ emptyText: <Empty description="暂无公告" /> }}
                renderItem={(p) => (
                  <List.Item data-testid="publication">
                    <List.Item.Meta
                      title={
                        <span>
                          <Tag color="blue">{KIND_LABELS[p.kind]}</Tag>
                          {p.title}
                        </span>
                      }
                      description={`${p.projectNumber} · ${p.category} · 发布于 ${formatTime(p.publishedAt)}${p.publicityEndsAt ? ` · 公示至 ${formatTime(p.publicityEndsAt)}` : ''}`}
                    />
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', maxWidth: 640, marginBottom: 0 }}>{p.body}</Typography.Paragraph>
                  </List.Item>
                )}
              />
            ),
          },
          {
            key: 'schedule',
            label: '当日交易安排',
            children: (
              <Table
                rowKey={(r) => `${r.projectId}-${r.purpose}`}
                pagination={false}
                dataSource={schedule.data?.items ?? []}
                columns={[
                  { title: '时间', render: (_, r) => `${formatTime(r.startsAt).slice(-8, -3)}–${formatTime(r.endsAt).slice(-8, -3)}` },
                  { title: '事项', render: (_, r) => (r.purpose === 'opening' ? '开标' : '评标') },
                  { title: '项目', render: (_, r) => `${r.number} ${r.title}` },
                  { title: '场地', dataIndex: 'room' },
                ]}
              />
            ),
          },
          {
            key: 'blacklist',
            label: '曝光台',
            children: (
              <Table
                rowKey="id"
                pagination={false}
                dataSource={blacklist.data?.entries ?? []}
                columns={[
                  { title: '企业', dataIndex: 'name' },
                  { title: '统一社会信用代码', dataIndex: 'creditCode' },
                  { title: '事由', dataIndex: 'reason' },
                  { title: '来源', dataIndex: 'sourceName' },
                  { title: '期限', render: (_, r) => `${r.startsOn} 至 ${r.endsOn ?? '长期'}` },
                ]}
              />
            ),
          },
          {
            key: 'rules',
            label: '风险预警点',
            children: <Table rowKey="code" pagination={false} dataSource={rules.data?.rules ?? []} columns={[{ title: '预警点', dataIndex: 'name' }, { title: '阈值', dataIndex: 'threshold' }]} />,
          },
        ]}
      />
    </Card>
  );
}
