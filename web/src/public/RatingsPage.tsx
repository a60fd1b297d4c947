import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Progress, Segmented, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { TRatingStats, TRatingStatsBy, TRatingStatsRow } from '../../../server/src/modules/ratings/schema';
import { api } from '../api/client';

// The month is the trend below, not a ranking to pick.
type Dimension = Exclude<TRatingStatsBy, 'month'>;
const DIMENSIONS: { value: Dimension; label: string; column: string }[] = [
  { value: 'department', label: '部门', column: '部门' },
  { value: 'window', label: '窗口（文明窗口）', column: '窗口' },
  { value: 'staff', label: '工作人员', column: '工作人员' },
  { value: 'item', label: '事项', column: '事项' },
];

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/**
 * 好差评公示: the month's satisfaction and 差评 rates by department, window, staff member or item,
 * ranked among those with at least the chosen number of ratings; beside it, the months' series.
 */
export function RatingsPage() {
  const [month, setMonth] = useState(dayjs());
  const [minCount, setMinCount] = useState(5);
  const [by, setBy] = useState<Dimension>('department');
  const from = month.startOf('month').format('YYYY-MM-DD');
  const to = month.endOf('month').format('YYYY-MM-DD');
  const { data, isLoading } = useQuery({
    queryKey: ['rating-stats', by, from, to, minCount],
    queryFn: () => api.get<TRatingStats>(`/api/ratings/stats?by=${by}&from=${from}&to=${to}&minCount=${minCount}`),
  });
  const yearFrom = month.subtract(11, 'month').startOf('month').format('YYYY-MM-DD');
  const { data: months } = useQuery({
    queryKey: ['rating-stats', 'month', yearFrom, to],
    queryFn: () => api.get<TRatingStats>(`/api/ratings/stats?by=month&from=${yearFrom}&to=${to}&minCount=1`),
  });
  const dimension = DIMENSIONS.find((d) => d.value === by)!;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={`好差评公示 · ${month.format('YYYY年M月')}${dimension.column}满意率排名`}
        extra={
          <Space wrap>
            <DatePicker picker="month" value={month} onChange={(v) => v && setMonth(v)} allowClear={false} />
            <Segmented
              value={minCount}
              onChange={(v) => setMinCount(Number(v))}
              options={[
                { value: 1, label: '全部' },
                { value: 5, label: '≥5 条' },
                { value: 20, label: '≥20 条' },
              ]}
            />
          </Space>
        }
      >
        <Segmented value={by} onChange={(v) => setBy(v as Dimension)} options={DIMENSIONS.map(({ value, label }) => ({ value, label }))} style={{ marginBottom: 12 }} />
        <Table<TRatingStatsRow>
          rowKey="key"
          loading={isLoading}
          dataSource={data?.rows ?? []}
          pagination={false}
          onRow={() => ({ 'data-testid': 'ranking-row' }) as React.HTMLAttributes<HTMLTableRowElement>}
          locale={{ emptyText: '本月暂无足够的评价' }}
          columns={[
            { title: '排名', dataIndex: 'rank', width: 70 },
            { title: dimension.column, dataIndex: 'name' },
            { title: '评价数', dataIndex: 'total' },
            { title: '满意', dataIndex: 'satisfied' },
            { title: '差评', dataIndex: 'bad' },
            { title: '满意率', render: (_: unknown, r: TRatingStatsRow) => <Progress percent={Math.round(r.satisfactionRate * 1000) / 10} size="small" format={() => percent(r.satisfactionRate)} /> },
            { title: '差评率', render: (_: unknown, r: TRatingStatsRow) => percent(r.badRate) },
            { title: '平均分', dataIndex: 'average' },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
          满意率 =（非常满意 + 满意 + 基本满意）/ 评价数；差评率 =（不满意 + 非常不满意）/ 评价数。评价数少于所选下限的不参加排名；经监察核实为恶意或误评的差评不计入。
        </Typography.Paragraph>
      </Card>
      <Card title="近12个月满意率">
        <Table<TRatingStatsRow>
          rowKey="key"
          size="small"
          dataSource={months?.rows ?? []}
          pagination={false}
          locale={{ emptyText: '暂无评价' }}
          columns={[
            { title: '月份', dataIndex: 'name' },
            { title: '评价数', dataIndex: 'total' },
            { title: '满意率', render: (_: unknown, r: TRatingStatsRow) => percent(r.satisfactionRate) },
            { title: '差评率', render: (_: unknown, r: TRatingStatsRow) => percent(r.badRate) },
            { title: '平均分', dataIndex: 'average' },
          ]}
        />
      </Card>
    </Space>
  );
}
