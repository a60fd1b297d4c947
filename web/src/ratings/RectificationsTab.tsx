import { RatingInput } from './RatingInput';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { TRectificationList } from '../../../server/src/modules/ratings/schema';
import { api, errorMessage } from '../api/client';
import { formatDate } from '../components/format';
import { LEVEL_TEXT } from './levels';

const STATUS: Record<string, { label: string; color: string }> = {
  pending: { label: '待整改', color: 'orange' },
  in_progress: { label: '整改中', color: 'blue' },
  rectified: { label: '已整改', color: 'green' },
  cannot_rectify: { label: '无法整改（已核准）', color: 'default' },
  appealed: { label: '申诉待审核', color: 'purple' },
  invalid: { label: '无效评价（申诉成立）', color: 'default' },
};

/** Each step's button and what its dialog asks for. */
const STEPS: Record<string, { label: string; text?: string; textRequired?: boolean; level?: string; primary?: boolean }> = {
  start: { label: '开始整改' },
  rectify: { label: '整改完成', text: '整改措施', textRequired: true, primary: true },
  cannot_rectify: { label: '申请无法整改', text: '无法整改的原因', textRequired: true },
  appeal: { label: '申诉无效评价', text: '申诉理由（恶意或误评的依据）', textRequired: true },
  accept_appeal: { label: '申诉成立', text: '审核意见' },
  reject_appeal: { label: '驳回申诉', text: '审核意见' },
  callback: { label: '回访', text: '回访记录', textRequired: true, level: '群众对整改的评价（回访时询问，选填）' },
  rate_fix: { label: '评价整改结果', level: '您对整改结果的评价', primary: true },
};

/**
 * 差评整改 for whoever is concerned: the department (or the centre for a window without a case)
 * acts, a supervisor decides appeals and may call back, a citizen rates the fix. The server says
 * which steps the caller may take now; overdue ones are marked red.
 */
export function RectificationsTab() {
  const client = useQueryClient();
  const { message } = App.useApp();
  const [asking, setAsking] = useState<{ id: number; step: string } | null>(null);
  const [form] = Form.useForm<{ text?: string; level?: number }>();
  const { data, isLoading } = useQuery({ queryKey: ['rectifications'], queryFn: () => api.get<TRectificationList>('/api/rectifications') });
  const run = async (id: number, step: string, body: { text?: string; level?: number } = {}) => {
    try {
      await api.post(`/api/rectifications/${id}/${step}`, { ...body, level: body.level || undefined });
      message.success(`${STEPS[step]?.label}：已提交`);
      setAsking(null);
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['rectifications'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const spec = asking ? STEPS[asking.step] : undefined;
  return (
    <>
      <List
        loading={isLoading}
        dataSource={data?.rectifications ?? []}
        locale={{ emptyText: '没有差评整改' }}
        renderItem={(r) => (
          <List.Item
            data-testid="rectification-row"
            data-overdue={r.overdue}
            style={r.overdue ? { background: '#fff1f0', borderLeft: '4px solid #cf1322', paddingLeft: 12 } : undefined}
            actions={r.steps.map((step) => (
              <Button
                key={step}
                size="small"
                type={STEPS[step]?.primary ? 'primary' : 'default'}
                onClick={() => (STEPS[step]?.text || STEPS[step]?.level ? setAsking({ id: r.id, step }) : void run(r.id, step))}
              >
                {STEPS[step]?.label ?? step}
              </Button>
            ))}
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <Tag color={STATUS[r.status]?.color} data-testid="rectification-status">
                    {STATUS[r.status]?.label ?? r.status}
                  </Tag>
                  {r.status === 'appealed' && <Tag color="purple">{r.appealKind === 'invalid' ? '申诉：恶意或误评' : '申请：无法整改'}</Tag>}
                  {r.overdue && <Tag color="red">整改超期</Tag>}
                  {r.needsCallback && ['rectified', 'cannot_rectify'].includes(r.status) && <Tag color="volcano">待回访</Tag>}
                  {r.callbackAt && <Tag color="cyan">已回访</Tag>}
                  <span>
                    {LEVEL_TEXT[r.level - 1]} · {r.channel === 'online' ? '网上评价' : `窗口评价${r.windowNumber ? `（${r.windowNumber} 号窗口）` : ''}`}
                    {r.caseNumber ? ` · 办件 ${r.caseNumber}` : ''}
                    {r.realName ? ' · 实名' : ' · 匿名'}
                  </span>
                </Space>
              }
              description={
                <>
                  <div>{r.comment || '（无文字意见）'}</div>
                  {r.appealNote && <Typography.Text type="secondary">申诉/说明：{r.appealNote}</Typography.Text>}
                  {r.decisionNote && <div><Typography.Text type="secondary">审核意见：{r.decisionNote}</Typography.Text></div>}
                  {r.measures && <div><Typography.Text type="secondary">整改：{r.measures}</Typography.Text></div>}
                  {r.callbackNote && <div><Typography.Text type="secondary">回访：{r.callbackNote}</Typography.Text></div>}
                  <div style={{ fontSize: 12, color: r.overdue ? '#cf1322' : '#999' }} data-testid="rectification-due">
                    {r.departmentName} · 评价于 {formatDate(r.ratedAt)} · 整改期限 {formatDate(r.dueDate)}
                    {r.fixLevel ? ` · 群众对整改：${LEVEL_TEXT[r.fixLevel - 1]}` : ''}
                  </div>
                </>
              }
            />
          </List.Item>
        )}
      />
      <Modal
        open={Boolean(asking)}
        title={spec?.label}
        okText="确定"
        cancelText="取消"
        onCancel={() => setAsking(null)}
        onOk={() => void form.validateFields().then((values) => asking && run(asking.id, asking.step, values))}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {spec?.text && (
            <Form.Item name="text" label={spec.text} rules={spec.textRequired ? [{ required: true, min: 2, message: '请填写说明' }] : []}>
              <Input.TextArea rows={4} maxLength={2000} />
            </Form.Item>
          )}
          {spec?.level && (
            <Form.Item name="level" label={spec.level} rules={asking?.step === 'rate_fix' ? [{ required: true, message: '请选择' }] : []}>
              <RatingInput aria-label={spec.level ?? "评价"} tooltips={LEVEL_TEXT} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
