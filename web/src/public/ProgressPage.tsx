import { Alert, Button, Card, Descriptions, Form, Input, Result, Steps, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useProgress } from '../api/progress';
import { formatDate, formatTime } from '../components/format';

/** 办件进度查询: the application number and its query code, no login. */
export function ProgressPage() {
  const [params, setParams] = useSearchParams();
  const number = params.get('number');
  const code = params.get('code');
  const { data, error, isFetching } = useProgress(number, code);

  return (
    <div style={{ maxWidth: 760, margin: '0 auto' }}>
      <Card title="办件进度查询">
        <Form
          layout="inline"
          initialValues={{ number: number ?? '', code: code ?? '' }}
          onFinish={(v: { number: string; code: string }) => setParams({ number: v.number.trim(), code: v.code.trim() })}
          style={{ rowGap: 12 }}
        >
          <Form.Item name="number" label="申请编号" rules={[{ required: true, message: '请输入申请编号' }]}>
            <Input placeholder="220581-20261123-00001" style={{ width: 230 }} />
          </Form.Item>
          <Form.Item name="code" label="查询码" rules={[{ required: true, message: '请输入查询码' }]}>
            <Input placeholder="8 位查询码" style={{ width: 140 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={isFetching}>
            查询
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          申请编号和查询码见受理通知书或网上申请成功页面。
        </Typography.Paragraph>
      </Card>
      {error && <Alert style={{ marginTop: 16 }} type="warning" showIcon message="未查询到办件" description={error.message} />}
      {data && (
        <Card style={{ marginTop: 16 }}>
          <Result
            status={data.status === 'completed' ? 'success' : data.status === 'refused' || data.status === 'denied' ? 'warning' : 'info'}
            title={<span data-testid="progress-status">{data.statusLabel}</span>}
            subTitle={`${data.itemName} · ${data.departmentName}`}
          />
          <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered>
            <Descriptions.Item label="申请编号">{data.number}</Descriptions.Item>
            <Descriptions.Item label="提交时间">{formatTime(data.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label="承诺办结日期">{formatDate(data.dueDate)}</Descriptions.Item>
            <Descriptions.Item label="办结时间">{formatTime(data.completedAt)}</Descriptions.Item>
          </Descriptions>
          <Steps
            direction="vertical"
            size="small"
            style={{ marginTop: 24 }}
            current={data.steps.length - 1}
            items={data.steps.map((s) => ({ title: s.label, description: `${formatTime(s.at)} · ${s.statusLabel}` }))}
          />
        </Card>
      )}
    </div>
  );
}
