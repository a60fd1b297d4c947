import { useQuery } from '@tanstack/react-query';
import { Input } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import type { TBoard } from '../../../server/src/modules/boards/schema';
import { api } from '../api/client';

type Item = TBoard['items'][number];
const PAGE = 8;
/** How long the LED shows one page of items before the next. */
const PAGE_MS = 12_000;

function StaffStrip({ board }: { board: TBoard }) {
  return (
    <div style={{ display: 'flex', gap: '1vw', overflow: 'hidden' }}>
      {board.onDuty.map((s) => (
        <div key={s.staffNumber + s.name} style={{ background: '#0b4f9c', borderRadius: 8, padding: '0.6vw', display: 'flex', gap: '0.6vw', alignItems: 'center', minWidth: '15vw' }}>
          {s.photoPath ? <img src={s.photoPath} alt={s.name} style={{ width: '3.6vw', height: '4.6vw', objectFit: 'cover', borderRadius: 4 }} /> : <div style={{ width: '3.6vw', height: '4.6vw', background: '#1d3f6e', borderRadius: 4 }} />}
          <div style={{ fontSize: '0.95vw', lineHeight: 1.5 }}>
            <div style={{ fontSize: '1.2vw', fontWeight: 700 }}>{s.name}</div>
            <div>工号 {s.staffNumber || '—'} · {s.window}</div>
            <div style={{ opacity: 0.85 }}>{s.duties}</div>
          </div>
        </div>
      ))}
      {!board.onDuty.length && <div style={{ opacity: 0.7 }}>窗口人员签到后在此公示</div>}
    </div>
  );
}

/**
 * 五公开 LED board: items with basis, process, limits and fees (阳光收费), page by page, and the
 * staff on duty with photo, name, number and duties. Full screen, no login.
 */
export function BoardPage() {
  const centreId = useParams().centreId;
  const { data } = useQuery({ queryKey: ['board', centreId], queryFn: () => api.get<TBoard>(`/api/public/boards/${centreId}`), refetchInterval: 60_000 });
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil((data?.items.length ?? 0) / PAGE));
  useEffect(() => {
    const timer = setInterval(() => setPage((p) => (p + 1) % pages), PAGE_MS);
    return () => clearInterval(timer);
  }, [pages]);
  if (!data) return null;
  const items = data.items.slice(page * PAGE, page * PAGE + PAGE);
  const th: React.CSSProperties = { textAlign: 'left', padding: '0.5vw', borderBottom: '1px solid #2b4f80', fontSize: '1.1vw', color: '#ffd666' };
  const td: React.CSSProperties = { padding: '0.5vw', borderBottom: '1px solid #1d3f6e', fontSize: '1vw', verticalAlign: 'top' };
  return (
    <div data-testid="board" style={{ minHeight: '100vh', background: '#06264d', color: '#fff', padding: '1.5vw', fontFamily: 'system-ui, sans-serif' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
        <div style={{ fontSize: '2.2vw', fontWeight: 700 }}>{data.centre.name} · 五公开</div>
        <div style={{ fontSize: '1.1vw' }}>值班长：{data.dutyHeads.map((d) => `${d.floor} ${d.name}`).join('　') || '—'}　咨询电话 {data.centre.phone}</div>
      </div>
      <table style={{ width: '100%', borderCollapse: 'collapse', margin: '1vw 0' }}>
        <thead>
          <tr><th style={th}>事项</th><th style={th}>设定依据</th><th style={th}>办理流程</th><th style={th}>法定 / 承诺时限</th><th style={th}>收费标准及依据</th></tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}>
              <td style={td}><b>{i.name}</b><div style={{ opacity: 0.7 }}>{i.departmentName}</div></td>
              <td style={{ ...td, maxWidth: '22vw' }}>{i.basis || '—'}</td>
              <td style={td}>{i.process.join(' → ') || '—'}</td>
              <td style={td}>{i.legalLimit} / {i.promisedLimit}</td>
              <td style={td}>{i.fees}{i.feeBasis && <div style={{ opacity: 0.7 }}>{i.feeBasis}</div>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div style={{ fontSize: '1vw', opacity: 0.7, marginBottom: '0.6vw' }}>第 {page + 1} / {pages} 页　在岗人员</div>
      <StaffStrip board={data} />
    </div>
  );
}

/** The touch board: browse and search the items, open one, scan its QR to continue on the phone. */
export function TouchBoardPage() {
  const centreId = useParams().centreId;
  const { data } = useQuery({ queryKey: ['board', centreId], queryFn: () => api.get<TBoard>(`/api/public/boards/${centreId}`) });
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<Item>();
  const [qr, setQr] = useState<string>();
  const departments = useMemo(() => [...new Set(data?.items.map((i) => i.departmentName))], [data]);
  const [department, setDepartment] = useState<string>();
  useEffect(() => {
    if (!open) return;
    QRCode.toDataURL(`${window.location.origin}/guide/${open.id}`, { margin: 1, width: 220 }).then(setQr, () => setQr(undefined));
  }, [open?.id]);
  // A touch screen left alone returns to the list.
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => setOpen(undefined), 90_000);
    return () => clearTimeout(timer);
  }, [open]);
  if (!data) return null;
  const shown = data.items.filter((i) => (!department || i.departmentName === department) && (!query || i.name.includes(query)));
  const big: React.CSSProperties = { fontSize: 20, padding: '14px 18px', borderRadius: 10, border: 'none', cursor: 'pointer' };
  return (
    <div data-testid="touch-board" style={{ minHeight: '100vh', background: '#f0f4fa', padding: 24 }}>
      <div style={{ fontSize: 30, fontWeight: 700, color: '#0b4f9c', marginBottom: 16 }}>{data.centre.name} · 办事指南</div>
      {open ? (
        <div style={{ background: '#fff', borderRadius: 12, padding: 28, display: 'grid', gridTemplateColumns: '1fr 260px', gap: 24, fontSize: 19, lineHeight: 1.8 }}>
          <div>
            <div style={{ fontSize: 26, fontWeight: 700 }}>{open.name}</div>
            <div>实施部门：{open.departmentName}</div>
            <div>设定依据：{open.basis || '—'}</div>
            <div>办理流程：{open.process.join(' → ') || '—'}</div>
            <div>法定时限：{open.legalLimit}　承诺时限：{open.promisedLimit}　到现场次数：{open.trips} 次</div>
            <div>收费：{open.fees}{open.feeBasis ? `（依据：${open.feeBasis}）` : ''}</div>
            <button style={{ ...big, background: '#0b4f9c', color: '#fff', marginTop: 20 }} onClick={() => setOpen(undefined)}>返回</button>
          </div>
          <div style={{ textAlign: 'center' }}>
            {qr && <img src={qr} alt="手机扫码继续办理" data-testid="guide-qr" />}
            <div>手机扫码查看完整指南并在线申请</div>
          </div>
        </div>
      ) : (
        <>
          <Input size="large" placeholder="输入事项名称" value={query} onChange={(e) => setQuery(e.target.value)} style={{ marginBottom: 12, fontSize: 20 }} allowClear />
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 16 }}>
            <button style={{ ...big, background: department ? '#fff' : '#0b4f9c', color: department ? '#0b4f9c' : '#fff' }} onClick={() => setDepartment(undefined)}>全部</button>
            {departments.map((d) => (
              <button key={d} style={{ ...big, background: d === department ? '#0b4f9c' : '#fff', color: d === department ? '#fff' : '#0b4f9c' }} onClick={() => setDepartment(d)}>{d.replace(/^.*?市/, '')}</button>
            ))}
          </div>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: 12 }}>
            {shown.slice(0, 60).map((i) => (
              <button key={i.id} style={{ ...big, background: '#fff', textAlign: 'left' }} onClick={() => setOpen(i)}>
                <div style={{ fontWeight: 600 }}>{i.name}</div>
                <div style={{ fontSize: 15, color: '#666' }}>{i.departmentName} · 承诺 {i.promisedLimit} · {i.fees}</div>
              </button>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
