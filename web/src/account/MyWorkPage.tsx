import { Alert, Card, Col, DatePicker, List, Progress, Row, Space, Statistic, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../api/client';
import { useMyWork } from '../api/mywork';

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const days = (value: number | null) => (value === null ? '—' : value.toFixed(1));

/** 我的工作: what I did in the period, what waits for me, and how people rated my work. */
export function MyWorkPage() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('month'), dayjs()]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const { data, error, isLoading } = useMyWork(from, to);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title="我的工作"
        extra={<DatePicker.RangePicker aria-label="统计期间" value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />}
        loading={isLoading}
      >
        {error && <Alert type="error" showIcon message={errorMessage(error)} />}
        {data && (
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}><Statistic title="受理" value={data.figures.accepted} /></Col>
            <Col xs={12} md={6}><Statistic title="办结（本人决定）" value={data.figures.completed} /></Col>
            <Col xs={12} md={6}><Statistic title="按时办结率" value={percent(data.figures.onTimeRate)} /></Col>
            <Col xs={12} md={6}><Statistic title="平均用时 / 承诺（工作日）" value={`${days(data.figures.avgWorkdaysUsed)} / ${days(data.figures.avgPromisedWorkdays)}`} /></Col>
            <Col xs={12} md={6}><Statistic title="不予受理" value={data.figures.refused} /></Col>
            <Col xs={12} md={6}><Statistic title="超期办结" value={data.figures.late} /></Col>
            <Col xs={12} md={6}><Statistic title="中止计时" value={data.figures.stops} /></Col>
            <Col xs={12} md={6}><Statistic title="延期" value={data.figures.extensions} /></Col>
          </Row>
        )}
      </Card>
      {data && (
        <Card title="我的在办">
          <Space size="large" wrap>
            <Statistic title="在办" value={data.queue.open} />
            <Statistic title="黄灯预警" value={data.queue.warning} valueStyle={{ color: '#d48806' }} />
            <Statistic title="已超期" value={data.queue.overdue} valueStyle={{ color: '#cf1322' }} />
          </Space>
        </Card>
      )}
      {data && (
        <Card title={`群众评价（${data.ratings.count} 条）`}>
          <Typography.Paragraph>
            满意率（非常满意、满意、基本满意）：<Typography.Text strong>{percent(data.ratings.satisfaction)}</Typography.Text>
          </Typography.Paragraph>
          {data.ratings.byLevel.map((l) => (
            <div key={l.level} style={{ display: 'flex', alignItems: 'center', gap: 12, maxWidth: 480 }}>
              <span style={{ width: 84 }}>{l.label}</span>
              <Progress percent={data.ratings.count ? Math.round((l.count / data.ratings.count) * 100) : 0} format={() => `${l.count}`} status={l.level <= 2 ? 'exception' : 'normal'} />
            </div>
          ))}
          <List
            style={{ marginTop: 16 }}
            header="有留言或差评的评价"
            locale={{ emptyText: '本期没有留言或差评' }}
            dataSource={data.ratings.recent}
            renderItem={(r) => (
              <List.Item>
                <Space wrap>
                  <Tag color={r.level <= 2 ? 'red' : 'green'}>{r.label}</Tag>
                  <span>{r.comment || '（无留言）'}</span>
                  {r.itemName && <Typography.Text type="secondary">{r.itemName}</Typography.Text>}
                  {r.rectification && <Tag>{r.rectification}</Tag>}
                  <Typography.Text type="secondary">{new Date(r.at).toLocaleDateString('zh-CN')}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  );
}
