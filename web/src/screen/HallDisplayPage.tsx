import { useQuery } from '@tanstack/react-query';
import { Switch } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../api/client';
import type { THallDisplay } from '../api/hall';
import { useScreenEvents } from './useScreenEvents';

/** 请A001号到21号窗口办理: how a call is read out. Numbers are spoken digit by digit. */
export function callSentence(number: string, windowNumber: string): string {
  const spelled = number.split('').join(' ');
  return `请 ${spelled} 号，到 ${Number(windowNumber) || windowNumber} 号窗口办理`;
}

function speak(text: string) {
  if (!('speechSynthesis' in window)) return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = 'zh-CN';
  utterance.rate = 0.9;
  window.speechSynthesis.speak(utterance);
}

/**
 * 叫号屏: the hall display. Live through the big screen's event stream (each call is announced once
 * committed); a new call is shown large and, when 语音 is on, spoken twice in Chinese by the
 * browser's speech synthesis. Public: numbers and windows only.
 */
export function HallDisplayPage() {
  const { centreId } = useParams();
  const { data, refetch } = useQuery({
    queryKey: ['hall-display', centreId],
    queryFn: () => api.get<THallDisplay>(`/api/public/queue/${centreId}/display`),
    refetchInterval: 60_000,
  });
  const live = useScreenEvents(`/api/public/screen/${centreId}/events`, () => void refetch());
  const [voice, setVoice] = useState(() => localStorage.getItem('hall-display-voice') === 'on');
  const spoken = useRef<number | null>(null);
  const latest = data?.calls[0];
  useEffect(() => {
    if (!data) return;
    const newest = data.calls[0]?.eventId ?? 0;
    // The first load only marks where we are: calls made before the screen opened are not read out.
    if (spoken.current !== null && voice) {
      for (const call of [...data.calls].reverse().filter((c) => c.eventId > spoken.current!)) {
        const sentence = callSentence(call.number, call.windowNumber);
        speak(sentence);
        speak(sentence);
      }
    }
    spoken.current = Math.max(spoken.current ?? 0, newest);
  }, [data, voice]);

  return (
    <div data-testid="hall-display" style={{ minHeight: '100vh', background: '#06264d', color: '#fff', padding: '2vw', fontFamily: 'system-ui, sans-serif' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <div style={{ fontSize: '2.4vw', fontWeight: 700 }}>{data?.centreName} · 叫号</div>
        <div style={{ display: 'flex', gap: 16, alignItems: 'center', fontSize: '1.1vw' }}>
          <span style={{ color: live === 'live' ? '#52c41a' : '#faad14' }}>● {live === 'live' ? '实时' : '重连中'}</span>
          <span>语音</span>
          <Switch checked={voice} onChange={(v) => { setVoice(v); localStorage.setItem('hall-display-voice', v ? 'on' : 'off'); }} data-testid="voice" />
        </div>
      </div>
      <div data-testid="latest-call" style={{ textAlign: 'center', margin: '3vw 0', fontSize: '6vw', fontWeight: 800, color: '#ffd666' }}>
        {latest ? `请 ${latest.number} 号 到 ${latest.windowNumber} 号窗口` : '欢迎光临'}
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: '2fr 1fr', gap: '2vw' }}>
        <div>
          <div style={{ fontSize: '1.6vw', marginBottom: 8, opacity: 0.8 }}>窗口</div>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(14vw, 1fr))', gap: '1vw' }}>
            {data?.windows.map((w) => (
              <div key={w.number} data-testid={`display-window-${w.number}`} style={{ background: '#0b4f9c', borderRadius: 8, padding: '1vw', textAlign: 'center' }}>
                <div style={{ fontSize: '1.3vw' }}>{w.number} {w.name}</div>
                <div style={{ fontSize: '3vw', fontWeight: 700 }}>{w.serving ?? '—'}</div>
              </div>
            ))}
          </div>
        </div>
        <div>
          <div style={{ fontSize: '1.6vw', marginBottom: 8, opacity: 0.8 }}>等候人数</div>
          {data?.categories.map((c) => (
            <div key={c.prefix} style={{ display: 'flex', justifyContent: 'space-between', fontSize: '1.8vw', borderBottom: '1px solid #1d3f6e', padding: '0.5vw 0' }}>
              <span>{c.prefix} {c.name}</span>
              <span>{c.waiting}</span>
            </div>
          ))}
          <div style={{ fontSize: '1.6vw', margin: '1.5vw 0 8px', opacity: 0.8 }}>最近叫号</div>
          {data?.calls.slice(0, 6).map((c) => (
            <div key={c.eventId} style={{ fontSize: '1.5vw' }}>{c.number} → {c.windowNumber} 号窗口{c.recall ? '（重呼）' : ''}</div>
          ))}
        </div>
      </div>
    </div>
  );
}
