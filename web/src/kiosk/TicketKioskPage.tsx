import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Input, Segmented, Space, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import type { TKioskPriority } from '../../../server/src/modules/queue/schema';
import { api, errorMessage } from '../api/client';
import { PRIORITY_LABELS, useCategories, type TTicketReceipt } from '../api/hall';

/** How long a printed ticket stays on screen before the kiosk is ready for the next person. */
const RESET_MS = 15_000;

/** The slip: number, line, people ahead, and a QR that follows the ticket on the phone. */
function Receipt({ ticket, onDone }: { ticket: TTicketReceipt; onDone: () => void }) {
  const [qr, setQr] = useState<string>();
  useEffect(() => {
    QRCode.toDataURL(`${window.location.origin}${ticket.phonePath}`, { margin: 1, width: 180 }).then(setQr, () => setQr(undefined));
    const timer = setTimeout(onDone, RESET_MS);
    return () => clearTimeout(timer);
  }, [ticket.id]);
  return (
    <div data-testid="receipt" className="ticket-slip" style={{ textAlign: 'center' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>{ticket.centreName}</Typography.Title>
      <div style={{ fontSize: 18, marginTop: 8 }}>{ticket.categoryName}{ticket.priorityReason ? ` · ${PRIORITY_LABELS[ticket.priorityReason]}优先` : ''}</div>
      <div data-testid="ticket-number" style={{ fontSize: 96, fontWeight: 700, color: '#0b4f9c', lineHeight: 1.2 }}>{ticket.number}</div>
      <div style={{ fontSize: 22 }} data-testid="ahead">前面还有 <b>{ticket.ahead}</b> 人</div>
      {qr && <img src={qr} alt="手机查看排队进度" style={{ marginTop: 12 }} />}
      <div style={{ color: '#666' }}>微信或浏览器扫码，在手机上查看叫号{ticket.smsSent ? '；号码已短信发送' : ''}</div>
      <Space style={{ marginTop: 16 }}>
        <Button size="large" onClick={() => window.print()}>打印小票</Button>
        <Button size="large" type="primary" onClick={onDone}>完成</Button>
      </Space>
    </div>
  );
}

/**
 * 取号机: a visitor picks a category (with priority for the elderly, the disabled and green-channel
 * projects), or checks in a booking with its code or ID card and gets a priority ticket. No login.
 */
export function TicketKioskPage() {
  const centreId = Number(useParams().centreId);
  const { data } = useCategories(centreId);
  const [mode, setMode] = useState<'walk-in' | 'booking'>('walk-in');
  const [priority, setPriority] = useState<TKioskPriority>();
  const [identityNumber, setIdentityNumber] = useState('');
  // 绿色通道: the key project's code, checked by the server.
  const [projectCode, setProjectCode] = useState('');
  const [code, setCode] = useState('');
  const [ticket, setTicket] = useState<TTicketReceipt>();
  const take = useMutation({
    mutationFn: (categoryId: number) =>
      api.post<TTicketReceipt>(`/api/public/queue/${centreId}/tickets`, {
        categoryId,
        priority,
        identityNumber: priority === 'green_channel' ? undefined : identityNumber || undefined,
        projectCode: priority === 'green_channel' ? projectCode || undefined : undefined,
      }),
    onSuccess: setTicket,
  });
  const checkIn = useMutation({
    mutationFn: () => api.post<TTicketReceipt>(`/api/public/queue/${centreId}/check-in`, /^\d{6}$/.test(code) ? { code } : { identityNumber: code.toUpperCase() }),
    onSuccess: setTicket,
  });
  const reset = () => {
    setTicket(undefined);
    setPriority(undefined);
    setIdentityNumber('');
    setProjectCode('');
    setCode('');
    take.reset();
    checkIn.reset();
  };
  const error = take.error ?? checkIn.error;

  return (
    <div style={{ minHeight: '100vh', background: '#0b4f9c', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 24 }}>
      <div data-testid="ticket-kiosk" style={{ background: '#fff', borderRadius: 16, padding: 40, width: 960, maxWidth: '100%' }}>
        {ticket ? (
          <Receipt ticket={ticket} onDone={reset} />
        ) : (
          <>
            <Typography.Title level={2} style={{ textAlign: 'center' }}>{data?.centreName ?? ''} · 自助取号</Typography.Title>
            <div style={{ textAlign: 'center', marginBottom: 24 }}>
              <Segmented size="large" value={mode} onChange={(v) => setMode(v as typeof mode)} options={[{ value: 'walk-in', label: '现场取号' }, { value: 'booking', label: '预约签到' }]} />
            </div>
            {error && <Alert type="error" showIcon message={errorMessage(error)} style={{ marginBottom: 16 }} />}
            {mode === 'walk-in' ? (
              <>
                <Space wrap style={{ marginBottom: 20, justifyContent: 'center', width: '100%' }}>
                  {(['elderly', 'disabled', 'green_channel'] as const).map((p) => (
                    <Checkbox key={p} checked={priority === p} onChange={(e) => setPriority(e.target.checked ? p : undefined)} style={{ fontSize: 18 }}>
                      {PRIORITY_LABELS[p]}优先
                    </Checkbox>
                  ))}
                  {priority === 'green_channel' ? (
                    <Input style={{ width: 320 }} size="large" placeholder="重点项目代码，如 2026-220581-47-01-000001" value={projectCode} onChange={(e) => setProjectCode(e.target.value.trim())} maxLength={24} data-testid="project-code" />
                  ) : (
                    <Input style={{ width: 260 }} size="large" placeholder="刷身份证（选填，60 岁以上自动优先）" value={identityNumber} onChange={(e) => setIdentityNumber(e.target.value.trim())} maxLength={18} />
                  )}
                </Space>
                <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: 16 }}>
                  {data?.categories.map((c) => (
                    <Button key={c.id} type="primary" style={{ height: 96, fontSize: 24 }} loading={take.isPending && take.variables === c.id} onClick={() => take.mutate(c.id)} data-testid={`take-${c.prefix}`}>
                      {c.prefix} · {c.name}
                    </Button>
                  ))}
                </div>
              </>
            ) : (
              <Space direction="vertical" style={{ width: '100%', alignItems: 'center' }} size="large">
                <Typography.Text style={{ fontSize: 18 }}>输入 6 位预约码，或刷身份证</Typography.Text>
                <Input size="large" style={{ width: 360, fontSize: 28, textAlign: 'center' }} value={code} onChange={(e) => setCode(e.target.value.trim())} maxLength={18} data-testid="check-in-code" onPressEnter={() => checkIn.mutate()} />
                <Button type="primary" size="large" style={{ width: 360, height: 64, fontSize: 22 }} loading={checkIn.isPending} disabled={code.length < 6} onClick={() => checkIn.mutate()} data-testid="check-in">
                  签到取号
                </Button>
              </Space>
            )}
          </>
        )}
      </div>
    </div>
  );
}
