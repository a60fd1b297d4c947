import { DesktopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, List, Row, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useCentres, useDashboard } from '../api/supervision';
import { formatDate } from '../components/format';
import { useSeatParams, type SeatTab } from './SuperviseHome';

/** One figure; a click opens the tab (or page) that lists what it counts. */
function Tile({ id, title, value, color, suffix, onClick, extra }: { id: string; title: string; value?: number; color?: string; suffix?: string; onClick?: () => void; extra?: ReactNode }) {
  return (
    <Card size="small" hoverable={Boolean(onClick)} onClick={onClick} data-testid={`tile-${id}`} style={{ height: '100%', borderTop: color ? `3px solid ${color}` : undefined }}>
      <Statistic title={title} value={value ?? '—'} suffix={suffix} styles={{ content: { color: color ?? undefined } }} />
      {extra && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{extra}</Typography.Text>}
    </Card>
  );
}

/** Figures read from the read replica may trail the latest steps by its lag: say by how much. */
function replicaNote(replica: { lagMs: number } | null | undefined): string {
  if (!replica) return '';
  return replica.lagMs < 1000 ? ' · 数据来自只读副本（实时同步）' : ` · 数据来自只读副本，约 ${Math.round(replica.lagMs / 1000)} 秒前`;
}

/** 概览: the running cases by light, today's intake, and what waits for an answer. */
export function OverviewTab() {
  const { data: d, error } = useDashboard();
  const { data: centres } = useCentres();
  const { update } = useSeatParams();
  const go = (tab: SeatTab) => () => update({ tab });
  if (error) return <Alert type="error" showIcon message={error.message} />;
  return (
    <Row gutter={[12, 12]}>
      <Col span={24}>
        <Typography.Text type="secondary">
          {d ? `${formatDate(d.today)} · 监察范围：区划 ${d.scope.regionPrefix} 及下辖 · 每 30 秒自动刷新${replicaNote(d.readReplica)}` : '加载中…'}
        </Typography.Text>
      </Col>
      <Col xs={12} md={6} lg={4}><Tile id="open" title="在办件" value={d?.lights.total} suffix="件" onClick={go('lights')} /></Col>
      <Col xs={12} md={6} lg={4}><Tile id="green" title="绿灯 正常" value={d?.lights.green} color="#389e0d" onClick={go('lights')} /></Col>
      <Col xs={12} md={6} lg={4}><Tile id="yellow" title="黄灯 预警" value={d?.lights.yellow} color="#d48806" onClick={go('warning')} /></Col>
      <Col xs={12} md={6} lg={4}><Tile id="red" title="红灯 超期" value={d?.lights.red} color="#cf1322" onClick={go('overdue')} /></Col>
      <Col xs={12} md={6} lg={4}><Tile id="grey" title="中止计时" value={d?.lights.grey} color="#8c8c8c" onClick={go('stopped')} /></Col>
      <Col xs={12} md={6} lg={4}><Tile id="waiting" title="待受理 / 待补正" value={d?.waitingForAcceptance} extra="尚未起算法定时限" /></Col>
      <Col xs={12} md={6} lg={4}>
        <Tile
          id="acceptance-clock"
          title="受理时限（五个工作日）"
          value={d ? d.acceptanceLights.yellow + d.acceptanceLights.red : undefined}
          suffix="件临期"
          color={d?.acceptanceLights.red ? '#cf1322' : d?.acceptanceLights.yellow ? '#d48806' : '#389e0d'}
          extra={d ? `绿 ${d.acceptanceLights.green} · 黄 ${d.acceptanceLights.yellow} · 红 ${d.acceptanceLights.red}（逾期未答复即依法视为受理）` : undefined}
        />
      </Col>
      <Col xs={12} md={6} lg={4}>
        <Tile
          id="delivery-waiting"
          title="待送达许可证件"
          value={d?.delivery.waiting.total}
          suffix="件"
          color={d?.delivery.waiting.red ? '#cf1322' : d?.delivery.waiting.yellow ? '#d48806' : '#389e0d'}
          extra={d ? `绿 ${d.delivery.waiting.green} · 黄 ${d.delivery.waiting.yellow} · 红 ${d.delivery.waiting.red}（准予之日起十个工作日内送达）` : undefined}
        />
      </Col>
      <Col xs={12} md={6} lg={4}>
        <Tile
          id="delivery-late"
          title="本月逾期送达"
          value={d?.delivery.deliveredLate}
          suffix="件"
          color={d?.delivery.deliveredLate ? '#cf1322' : undefined}
          extra={d ? `本月送达 ${d.delivery.delivered} 件 · 逾期送达率 ${d.delivery.lateRate === null ? '—' : `${(d.delivery.lateRate * 100).toFixed(1)}%`}` : undefined}
        />
      </Col>
      <Col xs={12} md={6} lg={4}><Tile id="received" title="今日收件" value={d?.intake.received} color="#0b4f9c" onClick={go('stats')} /></Col>
      <Col xs={12} md={6} lg={4}><Tile id="accepted" title="今日受理" value={d?.intake.accepted} color="#0b4f9c" onClick={go('stats')} /></Col>
      <Col xs={12} md={6} lg={4}><Tile id="completed" title="今日办结" value={d?.intake.completed} color="#0b4f9c" onClick={go('stats')} /></Col>
      <Col xs={12} md={6} lg={4}><Tile id="overdue" title="超期件" value={d?.lights.red} color="#cf1322" onClick={go('overdue')} extra="已过承诺办结日期" /></Col>
      <Col xs={12} md={6} lg={4}>
        <Tile id="directives" title="督办待回复" value={d?.directives.open} onClick={go('directives')} extra={d ? `其中逾期 ${d.directives.overdue}` : undefined} color={d?.directives.overdue ? '#cf1322' : undefined} />
      </Col>
      <Col xs={12} md={6} lg={4}>
        <Tile
          id="rectifications"
          title="差评整改中"
          value={d?.rectifications.open}
          extra={d ? `其中超期 ${d.rectifications.overdue}` : undefined}
          color={d?.rectifications.overdue ? '#cf1322' : undefined}
          onClick={go('rectifications')}
        />
      </Col>
      <Col span={24}>
        <Card size="small" title={<span><DesktopOutlined /> 大厅大屏</span>}>
          <List
            size="small"
            dataSource={centres?.centres ?? []}
            locale={{ emptyText: '监察范围内没有服务中心' }}
            renderItem={(c) => (
              <List.Item
                data-testid="centre-row"
                actions={[
                  <Button key="open" type="link" href={c.screenPath} target="_blank" rel="noopener">
                    打开大屏
                  </Button>,
                ]}
              >
                <List.Item.Meta title={c.name} description={`${c.address || '—'} · 大屏地址 ${window.location.origin}${c.screenPath}（无需登录，只显示统计数字）`} />
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
