import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Input, Rate, Result, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { api, errorMessage } from '../api/client';
import { givenIndicators, LEVEL_TEXT, WINDOW_INDICATORS } from '../ratings/levels';
import type { TKioskCurrent } from '../../../server/src/modules/ratings/schema';

const COLORS = ['#cf1322', '#fa541c', '#faad14', '#52c41a', '#237804'];
/** How long the thank-you stays before the screen resets for the next person. */
const RESET_MS = 4000;

/**
 * 窗口评价器: the tablet at the window. No login; it holds the window's key in its address. The
 * citizen taps a level, may add the window's indicators and a remark, and submits; the screen
 * then thanks them and resets.
 */
export function KioskPage() {
  const { windowId } = useParams();
  const [params] = useSearchParams();
  const key = params.get('key') ?? '';
  const [thanks, setThanks] = useState(false);
  const [level, setLevel] = useState<number | null>(null);
  const [indicators, setIndicators] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const { data, error } = useQuery({
    queryKey: ['kiosk', windowId, key],
    queryFn: () =>
      api.get<TKioskCurrent>(
        `/api/kiosk/windows/${windowId}/current?key=${encodeURIComponent(key)}`,
      ),
    refetchInterval: 2000,
  });
  const service = data?.service;
  // The centre's own 评价器 indicators, in its order (the national ones until it sets its own).
  const shown: [string, string][] = data?.indicators ? data.indicators.map((i) => [i.key, i.label]) : WINDOW_INDICATORS;
  const rate = useMutation({
    mutationFn: (serviceId: string) => api.post(`/api/kiosk/windows/${windowId}/ratings`, { key, serviceId, level, indicators: givenIndicators(indicators), comment }),
    onSuccess: () => setThanks(true),
  });
  // A new service (or none) starts with a clean screen.
  useEffect(() => {
    setLevel(null);
    setIndicators({});
    setComment('');
    rate.reset();
  }, [service?.serviceId]);
  useEffect(() => {
    if (!thanks) return;
    const timer = setTimeout(() => setThanks(false), RESET_MS);
    return () => clearTimeout(timer);
  }, [thanks]);

  const frame = (content: React.ReactNode) => (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#0b4f9c', padding: 24 }}>
      <div data-testid="kiosk" style={{ background: '#fff', borderRadius: 16, padding: 40, width: 880, maxWidth: '100%', textAlign: 'center' }}>
        {content}
      </div>
    </div>
  );
  if (error) return frame(<Result status="warning" title="评价器未配置" subTitle={errorMessage(error)} />);
  if (thanks) return frame(<Result status="success" title="感谢您的评价！" subTitle="祝您办事顺利" />);
  if (!service) return frame(<Result icon={<span style={{ fontSize: 64 }}>🙂</span>} title="欢迎来到梅河口市政务服务中心" subTitle="办理完成后，请对本次服务进行评价" />);
  return frame(
    <>
      <Typography.Title level={2}>请对本次服务进行评价</Typography.Title>
      <Typography.Paragraph style={{ fontSize: 18 }}>
        {service.windowName} · 工作人员 {service.clerkName}
      </Typography.Paragraph>
      <Space wrap size="large" style={{ justifyContent: 'center', marginTop: 16 }}>
        {[5, 4, 3, 2, 1].map((value) => (
          <Button
            key={value}
            size="large"
            aria-pressed={level === value}
            style={{
              height: 96,
              width: 140,
              fontSize: 20,
              background: COLORS[value - 1],
              color: '#fff',
              border: level === value ? '4px solid #000' : 'none',
              opacity: level === null || level === value ? 1 : 0.45,
            }}
            onClick={() => setLevel(value)}
          >
            {LEVEL_TEXT[value - 1]}
          </Button>
        ))}
      </Space>
      {level !== null && (
        <div style={{ marginTop: 28 }}>
          {shown.map(([name, label]) => (
            <div key={name} data-testid={`indicator-${name}`} style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', gap: 16, marginBottom: 8 }}>
              <span style={{ fontSize: 20, minWidth: 100, textAlign: 'right' }}>{label}</span>
              <Rate style={{ fontSize: 36 }} value={indicators[name] ?? 0} onChange={(v) => setIndicators((all) => ({ ...all, [name]: v }))} />
            </div>
          ))}
          {level <= 2 && (
            <Input.TextArea
              rows={2}
              maxLength={500}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              placeholder="请告诉我们哪里做得不好（选填），我们将限期整改"
              style={{ marginTop: 12, fontSize: 18 }}
            />
          )}
          <Button
            type="primary"
            size="large"
            style={{ marginTop: 20, height: 64, width: 240, fontSize: 22 }}
            loading={rate.isPending}
            onClick={() => rate.mutate(service.serviceId)}
          >
            提交评价
          </Button>
        </div>
      )}
      {rate.error && <Typography.Paragraph type="danger">{errorMessage(rate.error)}</Typography.Paragraph>}
    </>,
  );
}
