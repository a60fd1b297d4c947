import { Alert, Card, Descriptions, Form, Input, Button, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';
import type { TAwardVerification } from '../../../server/src/modules/trading/schema';
import { formatTime, useTrading } from '../api/trading';

/** 中标通知书验真: where the notice's QR code leads; anyone can check a notice by its number. */
export function AwardVerifyPage() {
  const { number } = useParams();
  const navigate = useNavigate();
  const result = useTrading<TAwardVerification>(['award-verify', number], number ? `/api/public/trading/awards/${encodeURIComponent(number)}/verify` : null);
  const v = result.data;
  return (
    <Card title="中标通知书验真">
      <Form layout="inline" onFinish={(values: { number: string }) => navigate(`/trading/awards/${encodeURIComponent(values.number.trim())}`)} initialValues={{ number }}>
        <Form.Item name="number" label="通知书编号" rules={[{ required: true, message: '请输入中标通知书编号' }]}>
          <Input style={{ width: 260 }} />
        </Form.Item>
        <Button htmlType="submit" type="primary">验真</Button>
      </Form>
      {result.isError && <Alert style={{ marginTop: 16 }} type="error" title="没有这份中标通知书，请核对编号" />}
      {v && (
        <>
          <Alert style={{ marginTop: 16 }} type={v.verdict === 'valid' ? 'success' : v.verdict === 'valid_at_signing_time' ? 'info' : 'error'} title={v.verdictText} data-testid="award-verdict" />
          <Descriptions style={{ marginTop: 16 }} column={1} size="small" bordered items={[
            { label: '通知书编号', children: v.noticeNumber },
            { label: '项目', children: v.project },
            { label: '标段', children: v.lot },
            { label: '中标人', children: v.winner },
            { label: '中标价（元）', children: v.price.toLocaleString('zh-CN') },
            { label: '签发时间', children: formatTime(v.issuedAt) },
            { label: '电子印章', children: v.seal ? `${v.seal.departmentName}${v.seal.name}（${v.seal.code}）` : '—' },
          ]} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            离线核验：以印章公钥（SM2，用户标识 1234567812345678，SM3 杂凑）验证下列字节的签名。
          </Typography.Paragraph>
          <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }}>{v.signedBytes}</Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: v.signature }} style={{ wordBreak: 'break-all' }}>签名值（DER，十六进制）：{v.signature}</Typography.Paragraph>
          {v.seal && <Typography.Paragraph copyable={{ text: v.seal.publicKey }} style={{ wordBreak: 'break-all' }}>印章公钥：{v.seal.publicKey}</Typography.Paragraph>}
        </>
      )}
    </Card>
  );
}
