import { useEffect, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { errorMessage } from '../api/client';
import { useBigScreen, type BigScreen } from '../api/supervision';
import { EChart, type EChartOption } from '../components/EChart';
import { useScreenEvents, type LiveState } from './useScreenEvents';

/** The hall display's design size; the stage scales to whatever screen it is shown on. */
const WIDTH = 1920;
const HEIGHT = 1080;
const BG = '#06142e';
const PANEL = 'rgba(16, 46, 96, 0.55)';
const ACCENT = '#4fc3ff';
const LIGHTS = { green: '#52c41a', yellow: '#faad14', red: '#ff4d4f', grey: '#8c8c8c' };
const short = (name: string) => name.replace(/^梅河口市/, '');
const axisText = { color: '#9fc4ee', fontSize: 16 };
const splitLine = { lineStyle: { color: 'rgba(159, 196, 238, 0.15)' } };

/** Scales the 1920×1080 stage to fit the window, keeping its proportions. */
function useStageScale() {
  const measure = () => Math.min(window.innerWidth / WIDTH, window.innerHeight / HEIGHT);
  const [scale, setScale] = useState(measure);
  useEffect(() => {
    const resize = () => setScale(measure());
    window.addEventListener('resize', resize);
    return () => window.removeEventListener('resize', resize);
  }, []);
  return scale;
}

const CLOCK = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  weekday: 'long',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <span data-testid="screen-clock">{CLOCK.format(now)}</span>;
}

function LiveBadge({ state }: { state: LiveState }) {
  const live = state === 'live';
  return (
    <span data-testid="screen-live" data-state={state} style={{ display: 'inline-flex', alignItems: 'center', gap: 8, color: live ? '#73d13d' : '#ffc53d' }}>
      <span style={{ width: 12, height: 12, borderRadius: 6, background: live ? '#73d13d' : '#ffc53d', boxShadow: live ? '0 0 8px #73d13d' : undefined }} />
      {live ? '实时' : state === 'connecting' ? '连接中…' : '重连中…（每分钟刷新）'}
    </span>
  );
}

function Panel({ title, children, style }: { title: string; children: ReactNode; style?: CSSProperties }) {
  return (
    <div style={{ background: PANEL, border: '1px solid rgba(79, 195, 255, 0.25)', borderRadius: 8, padding: '12px 18px', display: 'flex', flexDirection: 'column', minHeight: 0, ...style }}>
      <div style={{ color: ACCENT, fontSize: 22, fontWeight: 600, marginBottom: 6, borderLeft: `4px solid ${ACCENT}`, paddingLeft: 10 }}>{title}</div>
      <div style={{ flex: 1, minHeight: 0 }}>{children}</div>
    </div>
  );
}

function Figure({ id, label, value, color, unit }: { id: string; label: string; value: ReactNode; color: string; unit?: string }) {
  return (
    <div style={{ background: PANEL, border: '1px solid rgba(79, 195, 255, 0.25)', borderRadius: 8, padding: '14px 20px', textAlign: 'center' }}>
      <div style={{ color: '#9fc4ee', fontSize: 22 }}>{label}</div>
      <div data-testid={`screen-${id}`} style={{ color, fontSize: 64, fontWeight: 700, lineHeight: 1.2, fontVariantNumeric: 'tabular-nums' }}>
        {value}
        {unit && <span style={{ fontSize: 24, marginLeft: 6 }}>{unit}</span>}
      </div>
    </div>
  );
}

function useCharts(data: BigScreen | undefined) {
  return useMemo(() => {
    const trend = data?.trend ?? [];
    const departments = [...(data?.byDepartment ?? [])].sort((a, b) => b.received + b.completed - (a.received + a.completed)).slice(0, 10).reverse();
    const lights = [...(data?.lightsByDepartment ?? [])].slice(0, 10).reverse();
    const rate = data?.satisfaction.rate;
    const trendOption: EChartOption = {
      backgroundColor: 'transparent',
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: '#cfe3ff', fontSize: 16 } },
      grid: { left: 10, right: 20, top: 40, bottom: 10 },
      xAxis: { type: 'category', boundaryGap: false, data: trend.map((d) => d.day.slice(5)), axisLabel: axisText },
      yAxis: { type: 'value', minInterval: 1, axisLabel: axisText, splitLine },
      series: [
        { name: '收件', type: 'line', smooth: 0.3, smoothMonotone: 'x', symbol: 'none', data: trend.map((d) => d.received), lineStyle: { width: 3, color: ACCENT }, itemStyle: { color: ACCENT }, areaStyle: { color: 'rgba(79,195,255,0.15)' } },
        { name: '办结', type: 'line', smooth: 0.3, smoothMonotone: 'x', symbol: 'none', data: trend.map((d) => d.completed), lineStyle: { width: 3, color: '#73d13d' }, itemStyle: { color: '#73d13d' } },
      ],
    };
    const departmentOption: EChartOption = {
      backgroundColor: 'transparent',
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, textStyle: { color: '#cfe3ff', fontSize: 16 } },
      grid: { left: 10, right: 30, top: 36, bottom: 6 },
      xAxis: { type: 'value', minInterval: 1, axisLabel: axisText, splitLine },
      yAxis: { type: 'category', data: departments.map((d) => short(d.name)), axisLabel: { ...axisText, width: 200, overflow: 'truncate' } },
      series: [
        { name: '今日收件', type: 'bar', data: departments.map((d) => d.received), itemStyle: { color: ACCENT }, barMaxWidth: 16, label: { show: true, position: 'right', color: '#fff' } },
        { name: '今日办结', type: 'bar', data: departments.map((d) => d.completed), itemStyle: { color: '#73d13d' }, barMaxWidth: 16, label: { show: true, position: 'right', color: '#fff' } },
      ],
    };
    const lightsOption: EChartOption = {
      backgroundColor: 'transparent',
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, textStyle: { color: '#cfe3ff', fontSize: 16 } },
      grid: { left: 10, right: 20, top: 36, bottom: 6 },
      xAxis: { type: 'value', minInterval: 1, axisLabel: axisText, splitLine },
      yAxis: { type: 'category', data: lights.map((d) => short(d.name)), axisLabel: { ...axisText, width: 200, overflow: 'truncate' } },
      series: (['green', 'yellow', 'red', 'grey'] as const).map((light) => ({
        name: { green: '正常', yellow: '预警', red: '超期', grey: '中止' }[light],
        type: 'bar',
        stack: 'lights',
        barMaxWidth: 18,
        itemStyle: { color: LIGHTS[light] },
        data: lights.map((d) => d[light]),
      })),
    };
    const lightsPie: EChartOption = {
      backgroundColor: 'transparent',
      tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
      series: [
        {
          type: 'pie',
          radius: ['48%', '75%'],
          label: { color: '#cfe3ff', fontSize: 18, formatter: '{b}\n{c}' },
          data: (['green', 'yellow', 'red', 'grey'] as const).map((light) => ({
            name: { green: '正常', yellow: '预警', red: '超期', grey: '中止' }[light],
            value: data?.lights[light] ?? 0,
            itemStyle: { color: LIGHTS[light] },
          })),
        },
      ],
    };
    const satisfactionOption: EChartOption = {
      backgroundColor: 'transparent',
      series: [
        {
          type: 'gauge',
          min: 0,
          max: 100,
          progress: { show: true, width: 18, itemStyle: { color: '#73d13d' } },
          axisLine: { lineStyle: { width: 18, color: [[1, 'rgba(159,196,238,0.2)']] } },
          axisTick: { show: false },
          splitLine: { show: false },
          axisLabel: { show: false },
          pointer: { show: false },
          anchor: { show: false },
          title: { show: true, offsetCenter: [0, '40%'], color: '#9fc4ee', fontSize: 18 },
          detail: { valueAnimation: true, offsetCenter: [0, '-5%'], fontSize: 44, color: '#fff', formatter: rate === null || rate === undefined ? '—' : '{value}%' },
          data: [{ value: rate === null || rate === undefined ? 0 : Math.round(rate * 1000) / 10, name: `本月 ${data?.satisfaction.ratings ?? 0} 条评价` }],
        },
      ],
    };
    return { trendOption, departmentOption, lightsOption, lightsPie, satisfactionOption };
  }, [data]);
}

/**
 * 大屏: the hall display of one centre, public and without login, counts only. Live through the
 * server's event stream (a refetch after each committed step), a poll every minute as a fallback.
 */
export function ScreenPage() {
  const { centreId } = useParams();
  // A hall screen opened with its 大屏密钥 (issued under 中心管理 → 大屏密钥) streams from reserved capacity.
  const [search] = useSearchParams();
  const key = search.get('key');
  const valid = /^\d+$/.test(centreId ?? '');
  const { data, error, refetch } = useBigScreen(valid ? centreId : undefined);
  const eventsUrl = `/api/public/screen/${centreId}/events${key ? `?key=${encodeURIComponent(key)}` : ''}`;
  const live = useScreenEvents(valid ? eventsUrl : undefined, () => void refetch());
  const scale = useStageScale();
  const charts = useCharts(data);
  useEffect(() => {
    document.title = data ? `${data.centreName} · 数据大屏` : '数据大屏';
  }, [data?.centreName]);

  const rate = data?.satisfaction.rate;
  return (
    <div style={{ position: 'fixed', inset: 0, background: BG, overflow: 'hidden' }}>
      <div
        data-testid="screen"
        style={{
          width: WIDTH,
          height: HEIGHT,
          position: 'absolute',
          left: (window.innerWidth - WIDTH * scale) / 2,
          top: (window.innerHeight - HEIGHT * scale) / 2,
          transform: `scale(${scale})`,
          transformOrigin: 'top left',
          boxSizing: 'border-box',
          color: '#fff',
          fontFamily: '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
          padding: '16px 28px 24px',
          display: 'grid',
          gridTemplateRows: '80px 150px 1fr 1fr',
          gap: 16,
          background: `radial-gradient(ellipse at top, #0d2a5c 0%, ${BG} 70%)`,
        }}
      >
        <header style={{ display: 'grid', gridTemplateColumns: '1fr auto 1fr', alignItems: 'center', borderBottom: `2px solid ${ACCENT}` }}>
          <div style={{ fontSize: 22, color: '#cfe3ff' }}>
            <Clock />
          </div>
          <h1 style={{ margin: 0, fontSize: 42, letterSpacing: 6, color: '#fff', textShadow: `0 0 12px ${ACCENT}` }}>{data?.centreName ?? '政务服务中心'} · 办件实时监测</h1>
          <div style={{ textAlign: 'right', fontSize: 22 }}>
            <LiveBadge state={live} />
          </div>
        </header>
        {!valid || (error && !data) ? (
          <div style={{ gridRow: '2 / 5', display: 'flex', alignItems: 'center', justifyContent: 'center', fontSize: 36, color: '#ffc53d' }}>
            {valid ? errorMessage(error) : '大屏地址无效'}
          </div>
        ) : (
          <>
            <section style={{ display: 'grid', gridTemplateColumns: 'repeat(6, 1fr)', gap: 16 }}>
              <Figure id="received" label="今日收件" value={data?.intake.received ?? '—'} color={ACCENT} unit="件" />
              <Figure id="accepted" label="今日受理" value={data?.intake.accepted ?? '—'} color={ACCENT} unit="件" />
              <Figure id="completed" label="今日办结" value={data?.intake.completed ?? '—'} color="#73d13d" unit="件" />
              <Figure id="running" label="在办件" value={data?.lights.total ?? '—'} color="#fff" unit="件" />
              <Figure id="red" label="超期件" value={data?.lights.red ?? '—'} color={data?.lights.red ? LIGHTS.red : '#73d13d'} unit="件" />
              <Figure id="satisfaction" label="本月好评率" value={rate === null || rate === undefined ? '—' : (rate * 100).toFixed(1)} color="#ffd666" unit={rate === null || rate === undefined ? undefined : '%'} />
            </section>
            <section style={{ display: 'grid', gridTemplateColumns: '2fr 1fr 1fr', gap: 16, minHeight: 0 }}>
              <Panel title="近 30 日收件与办结">
                <EChart theme="dark" option={charts.trendOption} height="100%" testId="screen-trend" />
              </Panel>
              <Panel title="在办红黄绿灯">
                <EChart theme="dark" option={charts.lightsPie} height="100%" />
              </Panel>
              <Panel title="群众满意度（好差评）">
                <EChart theme="dark" option={charts.satisfactionOption} height="100%" />
              </Panel>
            </section>
            <section style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 16, minHeight: 0 }}>
              <Panel title="今日各部门收件与办结">
                <EChart theme="dark" option={charts.departmentOption} height="100%" />
              </Panel>
              <Panel title="各部门在办件（按灯）">
                <EChart theme="dark" option={charts.lightsOption} height="100%" />
              </Panel>
            </section>
          </>
        )}
      </div>
    </div>
  );
}
