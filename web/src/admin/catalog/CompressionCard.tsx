import { Alert, Card, DatePicker, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useCompression, type CatalogCompression } from '../../api/catalog-admin';

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const days = (n: number | null) => (n === null ? '—' : `${Number(n.toFixed(1))} 个工作日`);
const signed = (n: number | null, format: (v: number) => string) => (n === null ? '—' : `${n > 0 ? '+' : n < 0 ? '−' : ''}${format(Math.abs(n))}`);

type Round = CatalogCompression['from'];
interface Line {
  key: string;
  label: ReactNode;
  from: string;
  to: string;
  change: string;
}

function lines(c: CatalogCompression): Line[] {
  const row = (key: string, label: ReactNode, value: (r: Round) => string, change: string) => ({ key, label, from: value(c.from), to: value(c.to), change });
  return [
    row('items', '事项数', (r) => `${r.items} 项`, signed(c.to.items - c.from.items, (v) => `${v} 项`)),
    row(
      'total',
      <span title="承诺时限以工作日计的事项（当场办结计 0）">承诺时限总和</span>,
      (r) => `${r.totalPromisedDays} 个工作日（${r.counted} 项）`,
      `${signed(c.change.promisedDays, (v) => `${v} 个工作日`)}（${signed(c.change.promisedDaysRate, (v) => percent(v))}）`,
    ),
    row('average', '平均承诺时限', (r) => days(r.averagePromisedDays), signed(c.change.averagePromisedDays, (v) => days(v))),
    row('within', '5个工作日以内', (r) => `${percent(r.withinFiveDaysRate)}（${r.withinFiveDays} 项）`, signed(c.change.withinFiveDaysRate, (v) => `${(v * 100).toFixed(1)} 个百分点`)),
    row(
      'legal',
      <span title="法定、承诺时限均以工作日计的事项：1 − 承诺时限总和 ÷ 法定时限总和">较法定时限压缩</span>,
      (r) => `${percent(r.compressionRate)}（${r.comparablePromisedDays} / ${r.totalLegalDays}）`,
      '—',
    ),
  ];
}

/**
 * 承诺时限压缩（轮次对比）: this centre's catalogue as it stood at the end of two dates, from the
 * items' versions — the figures centres publish after each round of compression.
 */
export function CompressionCard() {
  const today = dayjs();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([today.subtract(1, 'year'), today]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const { data, isLoading, error } = useCompression(from, to);
  return (
    <Card
      title="承诺时限压缩（两轮目录对比）"
      extra={
        <Space>
          <Typography.Text type="secondary">对比日期</Typography.Text>
          <DatePicker.RangePicker
            data-testid="compression-range"
            value={range}
            allowClear={false}
            disabledDate={(d) => d.isAfter(today, 'day')}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          />
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon message={error.message} /> : null}
      <Table<Line>
        data-testid="compression-table"
        size="small"
        loading={isLoading}
        pagination={false}
        dataSource={data ? lines(data) : []}
        columns={[
          { title: '指标', dataIndex: 'label' },
          { title: `${from} 的目录`, dataIndex: 'from', align: 'right' },
          { title: `${to} 的目录`, dataIndex: 'to', align: 'right' },
          { title: '变化', dataIndex: 'change', align: 'right' },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        取各日期终了时已发布的事项（按事项版本还原当时的目录）；承诺时限总和与平均只计以工作日表示的时限，当场办结计 0；5个工作日以内含当场办结与按小时计的时限。
      </Typography.Paragraph>
    </Card>
  );
}
