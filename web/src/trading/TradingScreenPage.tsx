import { useParams } from 'react-router';
import type { TDaySchedule, TPublicationList } from '../../../server/src/modules/trading/schema';
import { formatTime, KIND_LABELS, useTrading } from '../api/trading';

const clock = (iso: string) => formatTime(iso).slice(-8, -3);

/**
 * 交易大屏: the hall screen of the trading floor — today's openings and evaluations with their rooms
 * (当日交易安排) and the latest announcements and publicity, refreshed every half minute. Public data only.
 */
export function TradingScreenPage() {
  const { centreId } = useParams();
  const schedule = useTrading<TDaySchedule>(['screen-schedule', centreId], `/api/public/trading/schedule?centreId=${centreId}`, 30_000);
  // Without a cursor the feed answers newest first.
  const publications = useTrading<TPublicationList>(['screen-publications'], '/api/public/trading/publications?limit=10', 30_000);
  const latest = publications.data?.publications ?? [];
  const cell = { padding: '0.6vw 1vw', borderBottom: '1px solid #1d4f8a' };
  return (
    <div data-testid="trading-screen" style={{ minHeight: '100vh', background: '#06264d', color: '#fff', padding: '2vw', fontFamily: 'system-ui, sans-serif' }}>
      <div style={{ fontSize: '2.4vw', fontWeight: 700 }}>公共资源交易 · 当日交易安排 {schedule.data?.date ?? ''}</div>
      <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: '1.5vw', marginTop: '1.5vw' }}>
        <thead>
          <tr style={{ color: '#ffd666', textAlign: 'left' }}>
            <th style={cell}>时间</th>
            <th style={cell}>事项</th>
            <th style={cell}>项目</th>
            <th style={cell}>场地</th>
          </tr>
        </thead>
        <tbody>
          {(schedule.data?.items ?? []).map((item) => (
            <tr key={`${item.projectId}-${item.purpose}`}>
              <td style={cell}>{`${clock(item.startsAt)}–${clock(item.endsAt)}`}</td>
              <td style={cell}>{item.purpose === 'opening' ? '开标' : '评标'}</td>
              <td style={cell}>{`${item.number} ${item.title}`}</td>
              <td style={cell}>{item.room}</td>
            </tr>
          ))}
          {schedule.data?.items.length === 0 && (
            <tr>
              <td style={cell} colSpan={4}>今日无开标、评标安排</td>
            </tr>
          )}
        </tbody>
      </table>
      <div style={{ fontSize: '1.8vw', fontWeight: 700, marginTop: '2.5vw' }}>最新公告公示</div>
      {latest.map((p) => (
        <div key={p.id} style={{ fontSize: '1.3vw', padding: '0.5vw 0', borderBottom: '1px solid #1d4f8a' }}>
          <span style={{ color: '#ffd666', marginRight: '1vw' }}>【{KIND_LABELS[p.kind]}】</span>
          {p.title}
          <span style={{ float: 'right', opacity: 0.8 }}>{formatTime(p.publishedAt)}</span>
        </div>
      ))}
    </div>
  );
}
