import { App, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { errorMessage } from '../api/client';
import { useIssueDirective } from '../api/supervision';
import { formatDate } from '../components/format';

/** Whom a 督办 presses: one case (its department answers) or a department's work in general. */
export type DirectiveTarget = { caseId: string; label: string } | { departmentId: number; label: string };

/** 发出督办: what to do and within how many working days to reply; the department is notified by SMS. */
export function DirectiveDialog({ target, onClose }: { target: DirectiveTarget | null; onClose: () => void }) {
  const [form] = Form.useForm<{ content: string; replyWorkdays: number }>();
  const issue = useIssueDirective();
  const { message } = App.useApp();
  const submit = async () => {
    if (!target) return;
    const values = await form.validateFields();
    try {
      const { replyDue } = await issue.mutateAsync({ ...('caseId' in target ? { caseId: target.caseId } : { departmentId: target.departmentId }), ...values });
      message.success(`已督办，请于 ${formatDate(replyDue)} 前回复`);
      onClose();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Modal
      open={Boolean(target)}
      title={`督办：${target?.label ?? ''}`}
      okText="确定"
      cancelText="取消"
      confirmLoading={issue.isPending}
      onCancel={onClose}
      onOk={() => void submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">督办通知将以站内信和短信发送给{target && 'caseId' in target ? '承办人及部门负责人' : '部门负责人'}，逾期未回复自动升级。</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ replyWorkdays: 3 }}>
        <Form.Item name="content" label="督办事项" rules={[{ required: true, whitespace: true, min: 4, message: '请写明督办事项（至少 4 个字）' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder="如：该件已超期，请说明原因并于期限内办结" />
        </Form.Item>
        <Form.Item name="replyWorkdays" label="回复期限（工作日）" rules={[{ required: true, message: '请填写回复期限' }]}>
          <InputNumber min={1} max={30} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
