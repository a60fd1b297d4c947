import { RatingInput } from './RatingInput';
import { App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import type { TRated } from '../../../server/src/modules/ratings/schema';
import { api, errorMessage } from '../api/client';
import { givenIndicators, LEVEL_TEXT, ONLINE_INDICATORS } from './levels';

/** 一事一评: the applicant rates a completed case. */
export function RateCaseCard({ caseId }: { caseId: string }) {
  const { message } = App.useApp();
  const [done, setDone] = useState(false);
  const [form] = Form.useForm();
  if (done) return <Card title="评价" data-testid="rated">感谢您的评价！</Card>;
  return (
    <Card title="办事评价（好差评）" data-testid="rate-case">
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v: { level: number; comment?: string } & Record<string, number>) => {
          try {
            const indicators = givenIndicators(Object.fromEntries(ONLINE_INDICATORS.map(([k]) => [k, v[k]])));
            const result = await api.post<TRated>(`/api/cases/${caseId}/rating`, { level: v.level, indicators, comment: v.comment ?? '' });
            message.success(result.rectification ? '已收到您的评价，相关部门将在规定期限内整改并回访' : '感谢您的评价');
            setDone(true);
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      >
        <div data-testid="level">
          <Form.Item name="level" label="总体评价" rules={[{ required: true, message: '请选择' }]}>
            <RatingInput aria-label="总体评价" tooltips={LEVEL_TEXT} />
          </Form.Item>
        </div>
        {ONLINE_INDICATORS.map(([key, label]) => (
          <div key={key} data-testid={`indicator-${key}`}>
            <Form.Item name={key} label={label} style={{ marginBottom: 4 }}>
              <RatingInput aria-label={label} count={5} style={{ fontSize: 16 }} />
            </Form.Item>
          </div>
        ))}
        <Form.Item name="comment" label="意见建议">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          “不满意”“非常不满意”为差评，责任部门须在规定工作日内整改并回访。
        </Typography.Paragraph>
        <Button type="primary" htmlType="submit">
          提交评价
        </Button>
      </Form>
    </Card>
  );
}
