import { App, Button, DatePicker, Form, InputNumber, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useLowerCentres, useRankingWeights, useSaveRankingWeights, type Indicator, type LowerCentreScore, type TRankingWeights } from '../../api/network';
import { formatTime } from '../../components/format';
import { chinaToday } from '../../supervise/format';

export const INDICATOR_LABELS: Record<Indicator, string> = {
  received: '收件量',
  completed: '办结量',
  onTimeRate: '按时办结率',
  agencyCases: '代办件数',
  guidingCoverage: '指导目录进驻率',
};
const ORDER: Indicator[] = ['received', 'completed', 'onTimeRate', 'agencyCases', 'guidingCoverage'];
const isRate = (k: Indicator) => k === 'onTimeRate' || k === 'guidingCoverage';

/**
 * 下级中心考核: the month's ranking of the town and village centres under the caller, by the
 * weights stored for the region. The administrator edits the weights (audited); a supervisor reads them.
 */
export function RankingTab({ editable }: { editable: boolean }) {
  const { message } = App.useApp();
  const [month, setMonth] = useState(chinaToday().slice(0, 7));
  const { data: stored } = useRankingWeights();
  const { data: ranking, isLoading } = useLowerCentres(month);
  const save = useSaveRankingWeights();
  const [form] = Form.useForm<TRankingWeights>();
  useEffect(() => {
    if (stored) form.setFieldsValue(stored.weights);
  }, [stored, form]);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Form
        form={form}
        layout="inline"
        disabled={!editable}
        onFinish={(weights) => save.mutate(weights, { onSuccess: () => message.success('考核权重已保存'), onError: (e) => message.error(errorMessage(e)) })}
      >
        {ORDER.map((k) => (
          <Form.Item key={k} name={k} label={INDICATOR_LABELS[k]} rules={[{ required: true, message: '请填写' }]}>
            <InputNumber id={`weight-${k}`} min={0} max={10} step={0.5} style={{ width: 80 }} />
          </Form.Item>
        ))}
        {editable && (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存权重
          </Button>
        )}
      </Form>
      <Typography.Text type="secondary">
        各指标按最优网点折算（比率按原值），乘以权重后相加；权重为 0 的指标不计。
        {stored?.updatedAt ? `权重由 ${stored.updatedBy ?? ''} 于 ${formatTime(stored.updatedAt)} 设置。` : '当前为默认权重（各 1）。'}
      </Typography.Text>
      <Space>
        <span>考核月份</span>
        <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} />
      </Space>
      <Table<LowerCentreScore>
        rowKey="centreId"
        loading={isLoading}
        dataSource={ranking?.centres ?? []}
        pagination={false}
        data-testid="lower-centre-ranking"
        columns={[
          { title: '名次', dataIndex: 'rank', width: 64 },
          { title: '网点', dataIndex: 'centreName' },
          ...ORDER.map((k) => ({
            title: INDICATOR_LABELS[k],
            render: (_: unknown, c: LowerCentreScore) => (isRate(k) ? `${Math.round(c.values[k] * 1000) / 10}%` : c.values[k]),
          })),
          { title: '得分', dataIndex: 'score', render: (v: number) => <Typography.Text strong>{v}</Typography.Text> },
        ]}
      />
    </Space>
  );
}
