import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Result, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { api, errorMessage } from '../api/client';
import { LEVEL_TEXT } from '../ratings/RateCaseCard';

const COLORS = ['#cf1322', '#fa541c', '#faad14', '#52c41a', '#237804'];

/** 窗口评价器: the tablet at the window. No login; it holds the window's key in its address. */
export function KioskPage() {
  const { windowId } = useParams();
  const [params] = useSearchParams();
  const key = params.get('key') ?? '';
  const [thanks, setThanks] = useState(false);
  const { data, error } = useQuery({
    queryKey: ['kiosk', windowId, key],
    queryFn: () => api.get<{ service: { serviceId: string; windowName: string; clerkName: string } | null }>(`/api/kiosk/windows/${windowId}/current?key=${encodeURIComponent(key)}`),
    refetchInterval: 2000,
  });
  const rate = useMutation({
    mutationFn: (level: number) => api.post(`/api/kiosk/windows/${windowId}/ratings`, { key, serviceId: data!.service!.serviceId, level }),
    onSuccess: () => setThanks(true),
  });
  // The screen resets for the next person.
  useEffect(() => {
    if (!thanks) return;
    const timer = setTimeout(() => setThanks(false), 4000);
    return () => clearTimeout(timer);
  }, [thanks]);

  const frame = (content: React.ReactNode) => (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#0b4f9c', padding: 24 }}>
      <div style={{ background: '#fff', borderRadius: 16, padding: 40, width: 880, maxWidth: '100%', textAlign: 'center' }}>{content}</div>
    </div>
  );
  if (error) return frame(<Result status="warning" title="评价器未配置" subTitle={errorMessage(error)} />);
  if (thanks) return frame(<Result status="success" title="感谢您的评价！" subTitle="祝您办事顺利" />);
  const service = data?.service;
  if (!service) return frame(<Result icon={<span style={{ fontSize: 64 }}>🙂</span>} title="欢迎来到梅河口市政务服务中心" subTitle="办理完成后，请对本次服务进行评价" />);
  return frame(
    <>
      <Typography.Title level={2}>请对本次服务进行评价</Typography.Title>
      <Typography.Paragraph style={{ fontSize: 18 }}>
        {service.windowName} · 工作人员 {service.clerkName}
      </Typography.Paragraph>
      <Space wrap size="large" style={{ justifyContent: 'center', marginTop: 24 }}>
        {[5, 4, 3, 2, 1].map((level) => (
          <Button
            key={level}
            size="large"
            style={{ height: 96, width: 140, fontSize: 20, background: COLORS[level - 1], color: '#fff', border: 'none' }}
            loading={rate.isPending && rate.variables === level}
            onClick={() => rate.mutate(level)}
          >
            {LEVEL_TEXT[level - 1]}
          </Button>
        ))}
      </Space>
      {rate.error && <Typography.Paragraph type="danger">{errorMessage(rate.error)}</Typography.Paragraph>}
    </>,
  );
}
