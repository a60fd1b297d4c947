import { App, Button, Card, Checkbox, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/client';
import { fileToBase64, useAuthorisations, useCreateAuthorisation } from '../api/agency';
import { JointListPage } from '../joint/JointListPage';
import { ProjectBoard } from '../joint/ProjectBoard';

const SCOPES = [
  { value: 'apply', label: '代为申请' },
  { value: 'correct', label: '代为补正' },
  { value: 'receive', label: '代为领取结果' },
  { value: 'track', label: '查询办理进度' },
];
const STATUS_COLORS = { active: 'green', expired: 'default', revoked: 'red', pending: 'blue' } as const;

/** 代办员: my clients (authorisations), their applications, and my key projects. */
export function AgentHome() {
  const { data, isLoading } = useAuthorisations();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="我的委托人（全程代办，免费）" extra={<NewAuthorisation />}>
        <Table
          rowKey="id"
          loading={isLoading}
          pagination={false}
          dataSource={data ?? []}
          onRow={() => ({ 'data-testid': 'client-row' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: '委托人', render: (_, a) => `${a.applicantName}（${a.applicantIdentity ?? ''}）` },
            { title: '授权范围', render: (_, a) => a.scopeLabels.join('、') },
            { title: '有效期', render: (_, a) => `${a.validFrom} 至 ${a.validUntil}` },
            { title: '状态', render: (_, a) => <Tag color={STATUS_COLORS[a.status]} data-testid="client-status">{a.statusLabel}</Tag> },
            {
              title: '',
              render: (_, a) =>
                a.status === 'active' && a.scope.includes('apply') ? (
                  <Link to={`/agent/bundles?applicantId=${a.applicantId}`}>
                    <Button size="small" type="primary">代为申请</Button>
                  </Link>
                ) : null,
            },
          ]}
        />
      </Card>
      <JointListPage base="/agent/joint" title="委托人的联办件" />
      <Card title="我代办的重点项目">
        <ProjectBoard />
      </Card>
    </Space>
  );
}

interface AuthorisationForm {
  kind: 'natural' | 'legal';
  name: string;
  identityNumber: string;
  phone: string;
  scope: string[];
  scopeNote?: string;
  validity: [dayjs.Dayjs, dayjs.Dayjs];
}

/** 登记代办委托: who, what, how long, and the signed 委托书. */
function NewAuthorisation() {
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const create = useCreateAuthorisation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AuthorisationForm>();
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        登记代办委托
      </Button>
    <Modal open={open} onCancel={() => setOpen(false)} footer={null} title="登记代办委托" destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'natural', scope: ['apply', 'correct', 'track'], validity: [dayjs(), dayjs().add(3, 'month')] }}
        onFinish={async (v) => {
          if (!file) return message.error('请上传委托人签字的委托书');
          try {
            await create.mutateAsync({
              applicant: { kind: v.kind, name: v.name, identityNumber: v.identityNumber, phone: v.phone },
              scope: v.scope as ('apply' | 'correct' | 'receive' | 'track')[],
              scopeNote: v.scopeNote ?? '',
              validFrom: v.validity[0].format('YYYY-MM-DD'),
              validUntil: v.validity[1].format('YYYY-MM-DD'),
              letter: { fileName: file.name, contentBase64: await fileToBase64(file) },
            });
            message.success('委托已登记');
            setOpen(false);
            form.resetFields();
            setFile(null);
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      >
        <Form.Item name="kind" label="委托人类型">
          <Select options={[{ value: 'natural', label: '自然人' }, { value: 'legal', label: '法人' }]} />
        </Form.Item>
        <Form.Item name="name" label="委托人姓名（名称）" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="identityNumber" label="身份证号（统一社会信用代码）" rules={[{ required: true, len: 18, message: '18 位' }]}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="phone" label="联系电话" rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '11 位手机号' }]}>
          <Input maxLength={11} />
        </Form.Item>
        <Form.Item name="scope" label="授权范围" rules={[{ required: true }]}>
          <Checkbox.Group options={SCOPES} />
        </Form.Item>
        <Form.Item name="scopeNote" label="委托事项说明">
          <Input placeholder="如：新生儿出生一件事" />
        </Form.Item>
        <Form.Item name="validity" label="有效期" rules={[{ required: true }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item label="签字的委托书（PDF / 图片）" required>
          <Upload
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            maxCount={1}
            accept=".pdf,.jpg,.jpeg,.png,.ofd"
            onRemove={() => setFile(null)}
          >
            <Button data-testid="letter-upload">选择文件</Button>
          </Upload>
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="authorise">
            登记委托
          </Button>
          <Button onClick={() => setOpen(false)}>取消</Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          代办免费。委托人可随时在「我的代办」中查看每一步并撤销委托。
        </Typography.Paragraph>
      </Form>
    </Modal>
    </>
  );
}
