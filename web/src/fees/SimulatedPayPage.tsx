import { CheckCircleTwoTone } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Result, Space, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../api/client';
import { useSettleSimulatedPayment, useSimulatedPayment } from '../api/fees';

/**
 * 模拟支付: stands in for a bank's or the province's payment page in the demo. Confirming makes
 * the simulated bank send its signed notification, which records the payment on the case.
 */
export function SimulatedPayPage() {
  const { paymentId = '' } = useParams();
  const { data, error, isLoading } = useSimulatedPayment(paymentId);
  const settle = useSettleSimulatedPayment(paymentId);
  if (error) return <Alert type="error" showIcon message={errorMessage(error)} />;
  if (isLoading || !data) return <Card loading />;
  const backToCase = (
    <Link to={`/portal/cases/${data.caseId}`}>
      <Button type="primary">返回我的办件</Button>
    </Link>
  );
  if (data.status === 'succeeded') {
    return <Result icon={<CheckCircleTwoTone twoToneColor="#52c41a" />} status="success" title="支付成功" subTitle={`已缴纳 ¥${data.amountText}，办件已自动确认缴费。`} extra={backToCase} />;
  }
  if (data.status === 'failed') return <Result status="warning" title="支付已取消" subTitle="未扣款。可返回办件重新缴费。" extra={backToCase} />;
  return (
    <Card title="统一公共支付平台（模拟）" style={{ maxWidth: 520, margin: '0 auto' }}>
      <Alert type="warning" showIcon message="演示环境：此页面模拟银行支付，不会产生真实扣款。" style={{ marginBottom: 16 }} />
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label="收款单位">{data.payee}</Descriptions.Item>
        <Descriptions.Item label="缴费事项">{data.itemName}</Descriptions.Item>
        <Descriptions.Item label="通知书编号">{data.noticeNumber}</Descriptions.Item>
        <Descriptions.Item label="缴款码">{data.paymentCode}</Descriptions.Item>
        <Descriptions.Item label="支付金额">
          <Typography.Text strong style={{ fontSize: 20, color: '#cf1322' }}>
            ¥{data.amountText}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      {settle.error && <Alert type="error" showIcon message={errorMessage(settle.error)} style={{ marginTop: 12 }} />}
      <Space style={{ marginTop: 16, width: '100%', justifyContent: 'flex-end' }} wrap>
        <Button onClick={() => settle.mutate('cancelled')} disabled={settle.isPending}>
          取消支付
        </Button>
        <Button type="primary" size="large" loading={settle.isPending} onClick={() => settle.mutate('paid')}>
          确认支付 ¥{data.amountText}
        </Button>
      </Space>
    </Card>
  );
}
