import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Drawer, Form, InputNumber, List, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { TIndicatorTrace, TRun, TScheme, TScore } from '../../../../server/src/modules/assessment/schema';
import { ApiError, api, errorMessage } from '../../api/client';
import { chinaDay } from '../../api/hall';

const STATUS = { draft: { text: '草稿', color: 'default' }, confirmed: { text: '已确认', color: 'blue' }, published: { text: '已公布', color: 'green' } } as const;

function ScoreTable({ scores, onTrace, award }: { scores: TScore[]; onTrace: (s: TScore, key: string) => void; award: string }) {
  const keys = scores[0]?.indicators ?? [];
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      scroll={{ x: true }}
      dataSource={scores}
      columns={[
        { title: '名次', dataIndex: 'rank', width: 56 },
        { title: '对象', render: (_, s) => <Space>{s.name}{s.awarded && <Tag color="gold">{award}</Tag>}{s.proposed && !s.awarded && <Tag>建议</Tag>}</Space> },
        { title: '总分', render: (_, s) => <Typography.Text strong>{s.total}</Typography.Text> },
        ...keys.map((k) => ({
          title: `${k.label}（${k.weight}）`,
          render: (_: unknown, s: TScore) => {
            const i = s.indicators.find((x) => x.key === k.key)!;
            return (
              <Button type="link" size="small" onClick={() => onTrace(s, i.key)} style={{ padding: 0 }}>
                {i.score === null ? '—' : i.score}
                <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4 }}>{i.value}</Typography.Text>
              </Button>
            );
          },
        })),
      ]}
    />
  );
}

function SchemeEditor() {
  const { message } = App.useApp();
  const { data } = useQuery({ queryKey: ['assessment-scheme'], queryFn: () => api.get<TScheme>('/api/assessment/scheme') });
  const save = useMutation({ mutationFn: (v: TScheme) => api.put('/api/assessment/scheme', v), onSuccess: () => message.success('考核细则已保存'), onError: (e) => message.error(errorMessage(e)) });
  if (!data) return null;
  return (
    <Form initialValues={data} onFinish={(v: TScheme) => save.mutate({ ...v, indicators: data.indicators.map((i, n) => ({ ...i, ...v.indicators[n] })) })} layout="inline">
      {data.indicators.map((i, n) => (
        <Form.Item key={i.key} name={['indicators', n, 'weight']} label={i.label}>
          <InputNumber min={0} max={100} style={{ width: 70 }} />
        </Form.Item>
      ))}
      <Form.Item name="windowAwards" label="文明窗口名额"><InputNumber min={0} max={20} style={{ width: 60 }} /></Form.Item>
      <Form.Item name="personAwards" label="文明之星名额"><InputNumber min={0} max={50} style={{ width: 60 }} /></Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>保存细则</Button>
    </Form>
  );
}

/**
 * 考核管理: compute a month from the records, read every figure back to its records, confirm the
 * 文明窗口 / 文明之星 proposal (or change it) and publish it; download the quarterly reports.
 */
export function AssessmentPage() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [month, setMonth] = useState<Dayjs>(dayjs().subtract(1, 'month'));
  const key = month.format('YYYY-MM');
  const { data: run, error } = useQuery({
    queryKey: ['assessment-run', key],
    queryFn: async () => {
      try {
        return await api.get<TRun>(`/api/assessment/runs?month=${key}`);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
  const set = (r: TRun) => client.setQueryData(['assessment-run', key], r);
  const compute = useMutation({ mutationFn: () => api.post<TRun>('/api/assessment/runs', { month: key }), onSuccess: set, onError: (e) => message.error(errorMessage(e)) });
  const [awarded, setAwarded] = useState<number[]>();
  const confirm = useMutation({ mutationFn: () => api.post<TRun>(`/api/assessment/runs/${run!.id}/confirm`, awarded ? { scoreIds: awarded } : {}), onSuccess: set, onError: (e) => message.error(errorMessage(e)) });
  const publish = useMutation({ mutationFn: () => api.post<TRun>(`/api/assessment/runs/${run!.id}/publish`), onSuccess: set, onError: (e) => message.error(errorMessage(e)) });
  const [trace, setTrace] = useState<{ score: TScore; key: string }>();
  const { data: records } = useQuery({
    queryKey: ['assessment-trace', trace?.score.id, trace?.key],
    queryFn: () => api.get<TIndicatorTrace>(`/api/assessment/scores/${trace!.score.id}/trace?indicator=${trace!.key}`),
    enabled: Boolean(trace),
  });
  const quarter = Math.floor(month.month() / 3) + 1;
  const all = run ? [...run.windows, ...run.persons] : [];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title="考核细则"><SchemeEditor /></Card>
      <Card
        title={<Space>月度考核 <DatePicker picker="month" value={month} onChange={(m) => m && setMonth(m)} allowClear={false} />{run && <Tag color={STATUS[run.status].color}>{STATUS[run.status].text}</Tag>}</Space>}
        extra={
          <Space>
            <Button onClick={() => compute.mutate()} loading={compute.isPending} disabled={run?.status === 'confirmed' || run?.status === 'published'} data-testid="compute">{run ? '重新计算' : '计算'}</Button>
            {run?.status === 'draft' && (
              <Popconfirm title="确认后不能再重算，确认吗？" onConfirm={() => confirm.mutate()}><Button type="primary">确认评选结果</Button></Popconfirm>
            )}
            {run?.status === 'confirmed' && <Button type="primary" onClick={() => publish.mutate()}>公布</Button>}
            <a href={`/api/assessment/reports/quarter?year=${month.year()}&quarter=${quarter}&format=xlsx`}>第{quarter}季度报告 Excel</a>
            <a href={`/api/assessment/reports/quarter?year=${month.year()}&quarter=${quarter}&format=pdf`}>PDF</a>
          </Space>
        }
      >
        {error && <Typography.Text type="danger">{errorMessage(error)}</Typography.Text>}
        {run === null && <Typography.Text type="secondary">该月尚未计算。计算以当月的叫号、办件、评价、投诉、巡查和考勤记录为准。</Typography.Text>}
        {run && (
          <Tabs items={[
            { key: 'windows', label: '窗口（文明窗口）', children: <ScoreTable scores={run.windows} award="文明窗口" onTrace={(score, k) => setTrace({ score, key: k })} /> },
            { key: 'persons', label: '人员（文明之星）', children: <ScoreTable scores={run.persons} award="文明之星" onTrace={(score, k) => setTrace({ score, key: k })} /> },
          ]} />
        )}
        {run?.status === 'draft' && (
          <Space style={{ marginTop: 16 }}>
            <Typography.Text>评选（默认为建议名单）：</Typography.Text>
            <Select mode="multiple" style={{ minWidth: 420 }} value={awarded ?? all.filter((s) => s.proposed).map((s) => s.id)} onChange={setAwarded}
              options={all.map((s) => ({ value: s.id, label: `${s.subjectType === 'window' ? '窗口' : '人员'} ${s.name}（${s.total}）` }))} />
          </Space>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          口径：每项指标 0–100 分，总分为有记录指标的加权平均；点击任一得分查看其统计的记录。计算于 {run ? chinaDay(run.computedAt) : '—'}。
        </Typography.Paragraph>
      </Card>
      <Drawer open={Boolean(trace)} width={520} onClose={() => setTrace(undefined)} title={trace && `${trace.score.name} · ${records?.indicator.label ?? ''} ${records?.indicator.value ?? ''}`}>
        <List size="small" dataSource={records?.records} renderItem={(r) => <List.Item>{r.text}<Typography.Text type="secondary" style={{ marginLeft: 8 }}>{r.at ? `${chinaDay(r.at)}` : ''}</Typography.Text></List.Item>} />
      </Drawer>
    </Space>
  );
}
