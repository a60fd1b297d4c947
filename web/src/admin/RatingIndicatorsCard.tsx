import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, InputNumber, Space, Switch, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client';
import type { TRatingIndicatorScheme } from '../../../server/src/modules/ratings/indicators';

type Indicator = TRatingIndicatorScheme['indicators'][number];

/**
 * 评价器指标: what this centre's window tablets ask for besides the overall level (键、名称、顺序、
 * 启用). Until the centre saves its own, the national 好差评 window indicators apply.
 */
export function RatingIndicatorsCard() {
  const client = useQueryClient();
  const { message } = App.useApp();
  const { data, isLoading } = useQuery({ queryKey: ['rating-indicators'], queryFn: () => api.get<TRatingIndicatorScheme>('/api/admin/ratings/indicators') });
  const [rows, setRows] = useState<Indicator[]>([]);
  useEffect(() => {
    if (data) setRows(data.indicators);
  }, [data]);
  const save = useMutation({
    mutationFn: (indicators: Indicator[]) => api.put<TRatingIndicatorScheme>('/api/admin/ratings/indicators', { indicators }),
    onSuccess: (saved) => {
      client.setQueryData(['rating-indicators'], saved);
      message.success('评价器指标已保存，各窗口评价器即时生效');
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const edit = (index: number, patch: Partial<Indicator>) => setRows((all) => all.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <Card
      title="评价器指标"
      loading={isLoading}
      extra={
        <Space>
          <Button onClick={() => setRows((all) => [...all, { key: '', label: '', order: all.length + 1, enabled: true }])}>添加指标</Button>
          <Button type="primary" loading={save.isPending} onClick={() => save.mutate(rows)} data-testid="save-rating-indicators">
            保存
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        群众在窗口评价器上先选总体评价（非常满意 … 非常不满意），再按以下指标逐项打分（1–5 星）。未设置时为国家好差评窗口指标（办事效率、服务水平、服务态度）；已有评价保持原样。
      </Typography.Paragraph>
      <Table<Indicator>
        rowKey={(_, i) => String(i)}
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '顺序', width: 90, render: (_: unknown, r, i) => <InputNumber aria-label={`顺序（第 ${i + 1} 项）`} min={0} max={99} value={r.order} onChange={(v) => edit(i, { order: v ?? 0 })} /> },
          { title: '键（英文）', render: (_: unknown, r, i) => <Input aria-label={`键（第 ${i + 1} 项）`} value={r.key} maxLength={40} placeholder="如 duration" onChange={(e) => edit(i, { key: e.target.value.trim() })} /> },
          { title: '名称', render: (_: unknown, r, i) => <Input aria-label={`名称（第 ${i + 1} 项）`} value={r.label} maxLength={20} placeholder="如 服务时长" onChange={(e) => edit(i, { label: e.target.value })} /> },
          { title: '启用', width: 80, render: (_: unknown, r, i) => <Switch aria-label={`启用：${r.label || `第 ${i + 1} 项`}`} checked={r.enabled} onChange={(enabled) => edit(i, { enabled })} /> },
          { title: '', width: 100, render: (_: unknown, r, i) => <Button size="small" danger aria-label={`删除此项：${r.label || `第 ${i + 1} 项`}`} onClick={() => setRows((all) => all.filter((_x, j) => j !== i))}>删除此项</Button> },
        ]}
      />
    </Card>
  );
}
