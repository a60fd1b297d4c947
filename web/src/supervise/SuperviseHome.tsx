import { Badge, Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useDashboard, type LightGroup, type ListFilter } from '../api/supervision';
import { RatingsPage } from '../public/RatingsPage';
import { RectificationsTab } from '../ratings/RectificationsTab';
import { CircularTab } from './CircularTab';
import { DirectivesTab } from './DirectivesTab';
import { LightsTab } from './LightsTab';
import { OverviewTab } from './OverviewTab';
import { RunningCasesTab } from './RunningCasesTab';
import { StatsTab } from './StatsTab';
import { ExtensionInbox } from '../head/HeadPage';
import { usePendingExtensions } from '../api/extensions';

export type SeatTab = 'overview' | 'lights' | 'overdue' | 'warning' | 'stopped' | 'extensions' | 'directives' | 'stats' | 'circular' | 'ratings' | 'rectifications';
const TABS: SeatTab[] = ['overview', 'lights', 'overdue', 'warning', 'stopped', 'extensions', 'directives', 'stats', 'circular', 'ratings', 'rectifications'];

/**
 * The seat's state lives in the address (tab, the lights grouping, the row the lists are narrowed
 * to, the period), so a reload, the back button or a link sent to a colleague shows the same view.
 */
export function useSeatParams() {
  const [params, setParams] = useSearchParams();
  const tab = (TABS as string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as SeatTab) : 'overview';
  const fg = params.get('fg') as LightGroup | null;
  const fk = Number(params.get('fk'));
  const filter: ListFilter | null = fg && ['department', 'window', 'item'].includes(fg) && fk > 0 ? { group: fg, key: fk, name: params.get('fn') ?? '' } : null;
  /** Changes some parameters; a new tab is a new history entry, a tweak within a tab is not. */
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: !('tab' in changes) || changes.tab === tab });
  };
  const setFilter = (f: ListFilter | null, tab?: SeatTab) =>
    update({ fg: f?.group ?? null, fk: f ? String(f.key) : null, fn: f?.name ?? null, ...(tab ? { tab } : {}) });
  return { params, tab, filter, update, setFilter };
}

/** 电子监察: the supervisor's seat over every running case, 督办, statistics and the monthly circular. */
export function SuperviseHome() {
  const { tab, update } = useSeatParams();
  const { data: dashboard } = useDashboard();
  const { data: pending } = usePendingExtensions();
  const count = (n: number | undefined, color: string) => (n ? <Badge count={n} overflowCount={9999} color={color} style={{ marginLeft: 6 }} /> : null);
  return (
    <Card title="电子监察" styles={{ body: { paddingTop: 8 } }}>
      <Tabs
        activeKey={tab}
        onChange={(key) => update({ tab: key })}
        items={[
          { key: 'overview', label: '概览', children: <OverviewTab /> },
          { key: 'lights', label: '红黄绿灯', children: <LightsTab /> },
          { key: 'overdue', label: <span>超期{count(dashboard?.lights.red, '#cf1322')}</span>, children: <RunningCasesTab kind="overdue" /> },
          { key: 'warning', label: <span>预警{count(dashboard?.lights.yellow, '#d48806')}</span>, children: <RunningCasesTab kind="warning" /> },
          { key: 'stopped', label: <span>中止{count(dashboard?.lights.grey, '#8c8c8c')}</span>, children: <RunningCasesTab kind="stopped" /> },
          // Extensions waiting for their head's signature: supervision watches, the head decides.
          { key: 'extensions', label: <span>延期待批{count(pending?.length, '#d48806')}</span>, children: <ExtensionInbox casePath="/supervise/cases" readOnly /> },
          { key: 'directives', label: <span>督办{count(dashboard?.directives.open, '#0b4f9c')}</span>, children: <DirectivesTab /> },
          { key: 'stats', label: '统计', children: <StatsTab /> },
          { key: 'circular', label: '月度通报', children: <CircularTab /> },
          // 好差评 rankings as the public sees them, and the 差评 the departments are fixing (overdue in red).
          { key: 'ratings', label: '好差评', children: <RatingsPage /> },
          {
            key: 'rectifications',
            label: <span>差评整改{count(dashboard?.rectifications.overdue || dashboard?.rectifications.open, dashboard?.rectifications.overdue ? '#cf1322' : '#0b4f9c')}</span>,
            children: <RectificationsTab />,
          },
        ]}
      />
    </Card>
  );
}
