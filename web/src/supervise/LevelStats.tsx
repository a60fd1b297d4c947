import { Breadcrumb, Button, Card, DatePicker, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useLevelRollup, type TLevelRow } from '../api/network';
import { chinaToday, percent, quickPeriods } from './format';

const LEVEL_NAMES: Record<string, string> = { province: '省', city: '市', county: '县（市、区）', town: '乡镇（街道）', village: '村（社区）' };

/**
 * 分级统计: the caller's region broken into its child regions (a county's towns, a town's villages),
 * each rolled up from the centres of its subtree, with the region's own centres (本级) and the total.
 * A row with regions below it opens them; the breadcrumb goes back up.
 */
export function LevelStats() {
  const periods = quickPeriods();
  const [period, setPeriod] = useState({ from: periods[0]!.from, to: periods[0]!.to });
  const [under, setUnder] = useState<string>();
  const { data, isLoading, error } = useLevelRollup(under, period.from, period.to);
  if (error) return <Typography.Text type="danger">{error.message}</Typography.Text>;
  const total = data ? { regionCode: 'total', regionName: '合计', level: data.region.level, own: false, hasChildren: false, ...data.total } : null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {periods.map((p) => (
          <Button key={p.label} type={p.from === period.from && p.to === period.to ? 'primary' : 'default'} onClick={() => setPeriod({ from: p.from, to: p.to })}>
            {p.label}
          </Button>
        ))}
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(period.from), dayjs(period.to)]}
          disabledDate={(d) => d.format('YYYY-MM-DD') > chinaToday()}
          onChange={(range) => range?.[0] && range[1] && setPeriod({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') })}
        />
      </Space>
      {data && (
        <Breadcrumb
          items={data.path.map((p, i) => ({
            title: i === data.path.length - 1 ? `${p.name}（${LEVEL_NAMES[p.level] ?? p.level}）` : <a onClick={() => setUnder(p.code)}>{p.name}</a>,
          }))}
        />
      )}
      <Card size="small">
        <Table<TLevelRow>
          rowKey="regionCode"
          loading={isLoading}
          pagination={false}
          data-testid="level-stats"
          dataSource={data ? [...data.rows, total as TLevelRow] : []}
          rowClassName={(r) => (r.regionCode === 'total' ? 'ant-table-summary' : '')}
          columns={[
            {
              title: '区划',
              render: (_: unknown, r) =>
                r.regionCode === 'total' ? (
                  <Typography.Text strong>合计</Typography.Text>
                ) : r.hasChildren ? (
                  <a onClick={() => setUnder(r.regionCode)}>{r.regionName}</a>
                ) : (
                  r.regionName
                ),
            },
            { title: '层级', render: (_: unknown, r) => (r.regionCode === 'total' ? '' : r.own ? <Tag>本级</Tag> : LEVEL_NAMES[r.level]) },
            { title: '网点', dataIndex: 'centres' },
            { title: '收件', dataIndex: 'received' },
            { title: '受理', dataIndex: 'accepted' },
            { title: '办结', dataIndex: 'completed' },
            { title: '按时办结', dataIndex: 'onTime' },
            { title: '按时办结率', dataIndex: 'onTimeRate', render: (v: number | null) => percent(v) },
            { title: '在办超期', dataIndex: 'openOverdue', render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : 0) },
            { title: '代办件', dataIndex: 'agencyCases' },
          ]}
        />
      </Card>
      <Typography.Text type="secondary">按收件网点归属统计：乡镇收件转报的办件计入该乡镇，县级汇总其所辖乡镇与本级。</Typography.Text>
    </Space>
  );
}
