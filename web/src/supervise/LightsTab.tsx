import { Alert, Button, Col, Row, Segmented, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useLights, type LightGroup, type LightRow } from '../api/supervision';
import { EChart, type EChartOption } from '../components/EChart';
import { DirectiveDialog, type DirectiveTarget } from './DirectiveDialog';
import { useSeatParams } from './SuperviseHome';

export const LIGHT_COLORS = { green: '#52c41a', yellow: '#faad14', red: '#f5222d', grey: '#bfbfbf' };
const GROUPS: { value: LightGroup; label: string }[] = [
  { value: 'department', label: '按部门' },
  { value: 'window', label: '按窗口' },
  { value: 'item', label: '按事项' },
];
/** Bars beyond this many rows would be unreadable; the table keeps them all. */
const CHART_ROWS = 15;
const short = (name: string) => name.replace(/^梅河口市/, '');

/** 红黄绿灯 of the running cases by department, window or item; a row narrows the case lists. */
export function LightsTab() {
  const { params, update, setFilter } = useSeatParams();
  const group = (['department', 'window', 'item'].includes(params.get('group') ?? '') ? params.get('group') : 'department') as LightGroup;
  const { data, isLoading, error } = useLights(group);
  const [directive, setDirective] = useState<DirectiveTarget | null>(null);
  const rows = data?.rows ?? [];
  // Online cases not yet taken in at a window have no window: nothing to narrow to.
  const open = (row: LightRow) => row.key !== null && setFilter({ group, key: row.key, name: row.name }, row.yellow > 0 && !row.red ? 'warning' : row.grey > 0 && !row.red ? 'stopped' : 'overdue');

  const option = useMemo<EChartOption>(() => {
    const top = rows.slice(0, CHART_ROWS).reverse();
    const series = (['red', 'yellow', 'green', 'grey'] as const).map((light) => ({
      name: { red: '红灯 超期', yellow: '黄灯 预警', green: '绿灯 正常', grey: '中止' }[light],
      type: 'bar',
      stack: 'lights',
      barMaxWidth: 22,
      itemStyle: { color: LIGHT_COLORS[light] },
      label: { show: true, formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
      data: top.map((r) => r[light]),
    }));
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: top.map((r) => short(r.name)), axisLabel: { width: 180, overflow: 'truncate' } },
      series,
    };
  }, [rows]);

  if (error) return <Alert type="error" showIcon message={error.message} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented<LightGroup> options={GROUPS} value={group} onChange={(value) => update({ group: value })} />
        <Typography.Text type="secondary">点击一行查看该{GROUPS.find((g) => g.value === group)!.label.slice(1)}的超期、预警或中止办件</Typography.Text>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={11}>
          <EChart
            testId="lights-chart"
            option={option}
            height={Math.max(260, Math.min(rows.length, CHART_ROWS) * 30 + 60)}
            onItemClick={({ dataIndex }) => {
              const row = rows.slice(0, CHART_ROWS).reverse()[dataIndex];
              if (row) open(row);
            }}
          />
        </Col>
        <Col xs={24} xl={13}>
          <Table<LightRow>
            rowKey={(r) => String(r.key)}
            size="small"
            loading={isLoading}
            dataSource={rows}
            locale={{ emptyText: '没有在办的办件' }}
            pagination={{ pageSize: 15, hideOnSinglePage: true, size: 'small' }}
            onRow={(r) => ({ onClick: () => open(r), style: { cursor: r.key === null ? 'default' : 'pointer' }, 'data-testid': 'light-row' }) as never}
            columns={[
              { title: GROUPS.find((g) => g.value === group)!.label.slice(1), dataIndex: 'name', render: (v: string) => short(v) },
              { title: '红灯', dataIndex: 'red', align: 'right', render: (v: number) => <span style={{ color: v ? LIGHT_COLORS.red : undefined, fontWeight: v ? 600 : undefined }}>{v}</span>, sorter: (a, b) => a.red - b.red },
              { title: '黄灯', dataIndex: 'yellow', align: 'right', render: (v: number) => <span style={{ color: v ? '#d48806' : undefined }}>{v}</span>, sorter: (a, b) => a.yellow - b.yellow },
              { title: '绿灯', dataIndex: 'green', align: 'right', sorter: (a, b) => a.green - b.green },
              { title: '中止', dataIndex: 'grey', align: 'right' },
              { title: '在办', dataIndex: 'total', align: 'right', sorter: (a, b) => a.total - b.total },
              ...(group === 'department'
                ? [
                    {
                      title: '',
                      render: (_: unknown, r: LightRow) => (
                        <Button
                          size="small"
                          danger={r.red > 0}
                          onClick={(e) => {
                            e.stopPropagation();
                            if (r.key !== null) setDirective({ departmentId: r.key, label: r.name });
                          }}
                        >
                          督办
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Col>
      </Row>
      <DirectiveDialog target={directive} onClose={() => setDirective(null)} />
    </Space>
  );
}
