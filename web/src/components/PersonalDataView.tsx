import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/client';
import { useViewPersonalData, type PersonalDataView } from '../api/cases';

const REASONS = ['核对申请人身份', '电话联系申请人', '制作或送达文书', '核查材料与证件是否一致'];

/**
 * A masked number with the audited full view beside it (等保: 个人信息完整查看须说明理由并留痕). Staff
 * pick or write a reason; the server records who looked, at which case and why, then answers the
 * full numbers, shown until the reader hides them or leaves the page.
 */
export function PersonalDataReveal({ caseId, masked, field }: { caseId: string; masked: string | null; field: 'identityNumber' | 'phone' }) {
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState<PersonalDataView | null>(null);
  const view = useViewPersonalData(caseId);
  const [form] = Form.useForm<{ choice: string; other?: string }>();
  const value = shown ? shown[field] : masked;
  const label = field === 'phone' ? '电话' : '证件号码';

  const submit = async () => {
    const { choice, other } = await form.validateFields();
    const reason = choice === '其他' ? (other ?? '').trim() : choice;
    try {
      setShown(await view.mutateAsync(reason));
      setOpen(false);
      form.resetFields();
    } catch {
      // The error is shown in the dialog.
    }
  };

  return (
    <Space size={4} wrap>
      <span data-testid={`pd-${field}`}>{value ?? '—'}</span>
      {masked &&
        (shown ? (
          <Button size="small" type="link" icon={<EyeInvisibleOutlined />} onClick={() => setShown(null)}>
            隐藏
          </Button>
        ) : (
          <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setOpen(true)} aria-label={`查看完整${label}`}>
            查看完整{label}
          </Button>
        ))}
      <Modal
        title={`查看完整${label}`}
        open={open}
        okText="查看"
        cancelText="取消"
        confirmLoading={view.isPending}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          个人信息默认脱敏显示。完整查看将记录查看人、时间、办件和原因，供审计核查；请仅在办理需要时查看。
        </Typography.Paragraph>
        {view.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorMessage(view.error)} />}
        <Form form={form} layout="vertical" initialValues={{ choice: REASONS[0] }}>
          <Form.Item name="choice" label="查看原因" rules={[{ required: true, message: '请选择查看原因' }]}>
            <Radio.Group>
              <Space orientation="vertical">
                {[...REASONS, '其他'].map((r) => (
                  <Radio key={r} value={r}>
                    {r}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.choice !== b.choice}>
            {({ getFieldValue }) =>
              getFieldValue('choice') === '其他' && (
                <Form.Item name="other" label="请写明原因" rules={[{ required: true, min: 2, message: '请写明查看原因（至少 2 个字）' }]}>
                  <Input.TextArea rows={2} maxLength={200} showCount />
                </Form.Item>
              )
            }
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
