import { FilePdfOutlined, PayCircleOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Descriptions, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../api/client';
import { useCaseFee, useExemptFee, useStartPayment, type FeeNotice } from '../api/fees';

const STATUS = { unpaid: { color: 'orange', text: '待缴费' }, paid: { color: 'green', text: '已缴费' }, exempted: { color: 'blue', text: '已减免' } } as const;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

/** On a case: its 缴款通知书, 在线缴费 for the applicant and 减免 for the window. */
export function CaseFeePanel({ caseId }: { caseId: string }) {
  const { data: notice } = useCaseFee(caseId);
  if (!notice) return null;
  return (
    <section aria-label="缴费" data-testid="case-fee">
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        缴费 <Tag color={STATUS[notice.status].color}>{STATUS[notice.status].text}</Tag>
      </Typography.Title>
      <Descriptions column={{ xs: 1, sm: 2 }} bordered size="small">
        <Descriptions.Item label="应缴金额">
          <Typography.Text strong data-testid="fee-amount">
            ¥{notice.amountText}
          </Typography.Text>{' '}
          <Typography.Text type="secondary">（{notice.amountInWords}）</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="缴款码">{notice.paymentCode}</Descriptions.Item>
        <Descriptions.Item label="通知书编号">{notice.number}</Descriptions.Item>
        <Descriptions.Item label="执收单位">{notice.departmentName}</Descriptions.Item>
        {notice.status === 'paid' && (
          <Descriptions.Item label="缴费时间">
            {when(notice.paidAt)}（{notice.gatewayLabel}）
          </Descriptions.Item>
        )}
        {notice.status === 'exempted' && <Descriptions.Item label="减免依据">{notice.exemptReason}</Descriptions.Item>}
      </Descriptions>
      <Table
        size="small"
        rowKey="name"
        pagination={false}
        style={{ marginTop: 8 }}
        scroll={{ x: 'max-content' }}
        dataSource={notice.lines}
        columns={[
          { title: '收费项目', dataIndex: 'name' },
          { title: '数量', dataIndex: 'quantity' },
          { title: '金额（元）', dataIndex: 'amountFen', render: (fen: number) => (fen / 100).toFixed(2) },
          { title: '收费依据', dataIndex: 'basis' },
        ]}
      />
      <Space wrap style={{ marginTop: 12 }}>
        {notice.canPay && <PayButton caseId={caseId} />}
        <a href={`/api/cases/${caseId}/fee/notice.pdf`} target="_blank" rel="noreferrer">
          <FilePdfOutlined /> 缴款通知书
        </a>
        {notice.canExempt && <ExemptButton notice={notice} />}
      </Space>
      {notice.status === 'unpaid' && (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          message="费用缴清后方可领取办理结果。可在线缴费，也可持缴款通知书到银行柜台或用手机银行按缴款码缴纳，缴费后系统自动确认。"
        />
      )}
    </section>
  );
}

function PayButton({ caseId }: { caseId: string }) {
  const start = useStartPayment(caseId);
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  return (
    <Button
      type="primary"
      icon={<PayCircleOutlined />}
      loading={start.isPending}
      onClick={() =>
        start.mutate(undefined, {
          // The simulator's page is the platform's own; a real gateway's is another site.
          onSuccess: ({ redirectUrl }) => (redirectUrl.startsWith('/') ? navigate(redirectUrl) : window.location.assign(redirectUrl)),
          onError: (e) => message.error(errorMessage(e)),
        })
      }
    >
      在线缴费
    </Button>
  );
}

function ExemptButton({ notice }: { notice: FeeNotice }) {
  const [open, setOpen] = useState(false);
  const exempt = useExemptFee(notice.caseId);
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <>
      <Button onClick={() => setOpen(true)}>费用减免</Button>
      <Modal
        title={`费用减免（¥${notice.amountText}）`}
        open={open}
        okText="确认减免"
        cancelText="取消"
        confirmLoading={exempt.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => form.validateFields().then((v) => exempt.mutate(v.reason, { onSuccess: () => setOpen(false) }))}
      >
        {exempt.error && <Alert type="error" showIcon message={errorMessage(exempt.error)} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label="减免依据" rules={[{ required: true, min: 2, message: '请填写减免依据（如城乡低保对象）' }]}>
            <Input.TextArea rows={3} maxLength={200} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
