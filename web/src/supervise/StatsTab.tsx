import { Alert, Button, Card, DatePicker, Segmented, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, type ReactNode } from 'react';
import { useStats, useTrend, type StatsDimension, type StatsRow } from '../api/supervision';
import { EChart, type EChartOption } from '../components/EChart';
import { chinaToday, decimal, percent, quickPeriods } from './format';
import { useSeatParams } from './SuperviseHome';

const DIMENSIONS: { value: StatsDimension; label: string }[] = [
  { value: 'department', label: '部门' },
  { value: 'window', label: '窗口' },
  { value: 'staff', label: '人员' },
  { value: 'item', label: '事项' },
];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The columns the monthly reports carry (definitions in the README's Supervision section). */
function statsColumns(dimension: StatsDimension): ColumnsType<StatsRow> {
  const count = (title: string, key: keyof StatsRow, tip?: string) => ({
    title: tip ? <span title={tip}>{title}</span> : title,
    dataIndex: key,
    align: 'right' as const,
    sorter: (a: StatsRow, b: StatsRow) => Number(a[key] ?? -1) - Number(b[key] ?? -1),
  });
  const rate = (title: string, key: 'completionRate' | 'onTimeRate' | 'earlyRate', tip: string) => ({
    ...count(title, key, tip),
    render: (v: number | null) => percent(v),
  });
  return [
    { title: DIMENSIONS.find((d) => d.value === dimension)!.label, dataIndex: 'name', fixed: 'left', render: (v: string) => v.replace(/^梅河口市/, '') },
    count('收件', 'received'),
    count('受理', 'accepted'),
    count('不予受理', 'refused'),
    count('办结', 'completed'),
    rate('办结率', 'completionRate', '办结 ÷ 受理（同一期间的流量，清理积压时可超过 100%）'),
    rate('按时办结率', 'onTimeRate', '按时办结 ÷ 办结'),
    {
      ...rate('提前办结率', 'earlyRate', '提前办结的承诺件 ÷ 办结的承诺件（即办件不计提前）'),
      render: (v: number | null, r: StatsRow) => <span title={`提前办结 ${r.early} 件 ÷ 办结的承诺件 ${r.completed_promised} 件`}>{percent(v)}</span>,
    },
    {
      title: <span title="受理至决定的工作日（扣除中止），对比承诺时限">平均用时 / 承诺</span>,
      align: 'right',
      sorter: (a, b) => (a.avgWorkdaysUsed ?? -1) - (b.avgWorkdaysUsed ?? -1),
      render: (_: unknown, r: StatsRow) => (
        <span style={{ color: r.avgWorkdaysUsed !== null && r.avgPromisedWorkdays !== null && r.avgWorkdaysUsed > r.avgPromisedWorkdays ? '#cf1322' : undefined }}>
          {decimal(r.avgWorkdaysUsed)} / {decimal(r.avgPromisedWorkdays)}
        </span>
      ),
    },
    { ...count('超期办结', 'late'), render: (v: number) => <span style={{ color: v ? '#cf1322' : undefined }}>{v}</span> },
    { ...count('在办超期', 'openOverdue', '此刻仍在办且已超期（红灯）'), render: (v: number) => <span style={{ color: v ? '#cf1322' : undefined }}>{v}</span> },
    count('中止', 'stops'),
    count('延期', 'extensions'),
    {
      title: <span title="办结的承诺件（提前办结率的分母）与其中提前办结的件数，可据此手工核对">承诺件办结 / 提前</span>,
      align: 'right',
      sorter: (a, b) => a.completed_promised - b.completed_promised,
      render: (_: unknown, r: StatsRow) => `${r.completed_promised} / ${r.early}`,
    },
  ];
}

/** 统计: any period by department, window, staff member or item, and the daily line. */
export function StatsTab() {
  const { params, update } = useSeatParams();
  const today = chinaToday();
  const presets = quickPeriods(today);
  const from = DATE.test(params.get('from') ?? '') ? params.get('from')! : presets[0]!.from;
  const to = DATE.test(params.get('to') ?? '') ? params.get('to')! : presets[0]!.to;
  const dimension = (DIMENSIONS.some((d) => d.value === params.get('dim')) ? params.get('dim') : 'department') as StatsDimension;
  const stats = useStats({ from, to, dimension });
  const trend = useTrend({ from, to });
  const columns = useMemo(() => statsColumns(dimension), [dimension]);

  const option = useMemo<EChartOption>(() => {
    const days = trend.data?.days ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: days.length > 62 ? 48 : 8 },
      xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)), boundaryGap: false },
      yAxis: { type: 'value', minInterval: 1 },
      dataZoom: days.length > 62 ? [{ type: 'slider', bottom: 8 }] : [],
      series: [
        { name: '收件', type: 'line', showSymbol: days.length <= 31, data: days.map((d) => d.received), itemStyle: { color: '#0b4f9c' } },
        { name: '办结', type: 'line', showSymbol: days.length <= 31, data: days.map((d) => d.completed), itemStyle: { color: '#389e0d' } },
        { name: '按时办结', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' }, data: days.map((d) => d.onTime), itemStyle: { color: '#95de64' } },
      ],
    };
  }, [trend.data]);

  const error = stats.error ?? trend.error;
  const total = stats.data?.total;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(from), dayjs(to)]}
          disabledDate={(d) => d.format('YYYY-MM-DD') > today}
          presets={presets.map((p) => ({ label: p.label, value: [dayjs(p.from), dayjs(p.to)] }))}
          onChange={(range) => range?.[0] && range[1] && update({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') })}
        />
        <Space.Compact>
          {presets.slice(0, 3).map((p) => (
            <Button key={p.label} type={p.from === from && p.to === to ? 'primary' : 'default'} onClick={() => update({ from: p.from, to: p.to })}>
              {p.label}
            </Button>
          ))}
        </Space.Compact>
        <Segmented<StatsDimension> options={DIMENSIONS} value={dimension} onChange={(value) => update({ dim: value })} />
      </Space>
      {error && <Alert type="error" showIcon message={error.message} />}
      <Table<StatsRow>
        rowKey="key"
        size="small"
        loading={stats.isFetching && !stats.data}
        dataSource={stats.data?.rows ?? []}
        columns={columns}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
        locale={{ emptyText: '该期间没有办件' }}
        onRow={() => ({ 'data-testid': 'stats-row' }) as never}
        summary={() =>
          total ? (
            <Table.Summary fixed>
              <Table.Summary.Row data-testid="stats-total" style={{ fontWeight: 600, background: '#fafafa' }}>
                {columns.map((column, index) => {
                  const key = (column as { dataIndex?: keyof StatsRow }).dataIndex;
                  const render = (column as { render?: (v: unknown, r: StatsRow, i: number) => ReactNode }).render;
                  const value = index === 0 ? '合计' : render ? render(key ? total[key] : undefined, total, -1) : key ? String(total[key]) : '';
                  return (
                    <Table.Summary.Cell key={index} index={index} align={index === 0 ? 'left' : 'right'}>
                      {value}
                    </Table.Summary.Cell>
                  );
                })}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
      <Card size="small" title={`每日收件与办结（${from} 至 ${to}）`}>
        <EChart testId="trend-chart" option={option} height={300} />
      </Card>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        已结束的日期取自每日汇总，当天实时统计；办结按出件日计，按时 / 提前按决定日与最终办结期限（含中止、延期）比较。
      </Typography.Text>
    </Space>
  );
}
