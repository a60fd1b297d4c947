import { Card, Col, Empty, Row, Statistic } from 'antd';
import { useAdminStats } from '../../api/catalog-admin';
import { Chart } from './Chart';
import { CompressionCard } from './CompressionCard';
import { ReuseStatsCard } from './ReuseStatsCard';

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** 事项统计: the figures centres publish, for this centre's published items. */
export function StatsPage() {
  const { data: stats, isLoading } = useAdminStats();
  if (!isLoading && !stats?.total) return <Card title="事项统计"><Empty description="还没有已发布的事项" /></Card>;
  const departments = [...(stats?.byDepartment ?? [])].reverse();
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card title="事项统计（已发布、在办）" loading={isLoading}>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}><Statistic title="事项总数" value={stats?.total} suffix="项" /></Col>
            <Col xs={12} md={6}><Statistic title="平均法定时限" value={stats?.averageLegalDays ?? '—'} precision={1} suffix="个工作日" /></Col>
            <Col xs={12} md={6}><Statistic title="平均承诺时限" value={stats?.averagePromisedDays ?? '—'} precision={1} suffix="个工作日" /></Col>
            <Col xs={12} md={6}><Statistic title="时限压缩" value={percent(stats?.compressionRate ?? null)} /></Col>
            <Col xs={12} md={6}><Statistic title="法定 / 承诺时限合计" value={`${stats?.totalLegalDays ?? 0} → ${stats?.totalPromisedDays ?? 0}`} suffix="天" /></Col>
            <Col xs={12} md={6}><Statistic title="5个工作日内办结" value={percent(stats?.withinFiveDaysRate ?? null)} /></Col>
            <Col xs={12} md={6}><Statistic title="即办件占比" value={percent(stats?.immediateRate ?? null)} /></Col>
            <Col xs={12} md={6}><Statistic title="全程网办占比" value={percent(stats?.fullyOnlineRate ?? null)} /></Col>
            <Col xs={12} md={6}><Statistic title="零跑动占比" value={percent(stats?.zeroTripRate ?? null)} /></Col>
            <Col xs={12} md={6}><Statistic title="最多跑一次占比" value={percent(stats?.atMostOneTripRate ?? null)} /></Col>
            <Col xs={24} md={12}>
              <Statistic title="参与时限比较的事项" value={stats?.comparable ?? 0} suffix={`项（法定、承诺时限均以工作日计）`} />
            </Col>
          </Row>
        </Card>
      </Col>
      <Col span={24}>
        <CompressionCard />
      </Col>
      <Col xs={24} lg={10}>
        <Card title="按事项类型">
          <Chart
            height={360}
            option={{
              tooltip: { trigger: 'item', formatter: '{b}：{c} 项（{d}%）' },
              legend: { bottom: 0, type: 'scroll' },
              series: [{ type: 'pie', radius: ['35%', '65%'], data: (stats?.byType ?? []).map((t) => ({ name: t.name, value: t.count })) }],
            }}
          />
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title="按部门">
          <Chart
            height={Math.max(360, departments.length * 22 + 60)}
            option={{
              tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
              grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
              xAxis: { type: 'value', minInterval: 1 },
              yAxis: { type: 'category', data: departments.map((d) => d.name.replace(/^梅河口市/, '')) },
              series: [{ type: 'bar', data: departments.map((d) => d.count), itemStyle: { color: '#0b4f9c' }, label: { show: true, position: 'right' } }],
            }}
          />
        </Card>
      </Col>
      <Col span={24}>
        <Card title="办理便利度">
          <Chart
            height={260}
            option={{
              tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
              grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
              xAxis: { type: 'category', data: ['5个工作日内', '即办件', '零跑动', '最多跑一次', '全程网办', '时限压缩'] },
              yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
              series: [
                {
                  type: 'bar',
                  barMaxWidth: 48,
                  label: { show: true, position: 'top', formatter: '{c}%' },
                  data: [stats?.withinFiveDaysRate, stats?.immediateRate, stats?.zeroTripRate, stats?.atMostOneTripRate, stats?.fullyOnlineRate, stats?.compressionRate].map((r) =>
                    r === null || r === undefined ? 0 : Math.round(r * 1000) / 10,
                  ),
                  itemStyle: { color: '#2f8f5b' },
                },
              ],
            }}
          />
        </Card>
      </Col>
      <Col span={24}>
        <ReuseStatsCard />
      </Col>
    </Row>
  );
}
