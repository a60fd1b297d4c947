import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Drawer, Form, Input, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import {
  useCreateSubscriber,
  useDeleteSubscriber,
  useFeedSubscribers,
  useIssueToken,
  useResumeSubscriber,
  useRotateSecret,
  useUpdateSubscriber,
  type FeedSubscriber,
} from '../../api/feed';

const STATUS: Record<FeedSubscriber['status'], { color: string; label: string }> = {
  ok: { color: 'success', label: '正常' },
  retrying: { color: 'warning', label: '重试中' },
  failed: { color: 'error', label: '推送失败，已暂停' },
  disabled: { color: 'default', label: '已停用' },
};

const time = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '—');

/** Shows a secret or token the server returns once; it cannot be read again. */
function useShowOnce() {
  const { modal } = App.useApp();
  return (title: string, value: string, hint: string) =>
    modal.info({
      title,
      width: 560,
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="warning" showIcon message="只显示这一次，请立即复制并通过安全渠道交给对方。" />
          <Typography.Paragraph copyable={{ text: value }} code style={{ wordBreak: 'break-all' }} data-testid="shown-once">
            {value}
          </Typography.Paragraph>
          <Typography.Text type="secondary">{hint}</Typography.Text>
        </Space>
      ),
    });
}

interface EditValues {
  name: string;
  url?: string;
  active: boolean;
  fromStart: boolean;
}

/** 数据对接: who receives the case-event feed (省电子监察系统 …), push state and errors, keys. */
export function FeedPage() {
  const { message } = App.useApp();
  const { data, isLoading } = useFeedSubscribers();
  const [editing, setEditing] = useState<FeedSubscriber | 'new' | null>(null);
  const [form] = Form.useForm<EditValues>();
  const create = useCreateSubscriber();
  const update = useUpdateSubscriber();
  const rotate = useRotateSecret();
  const issue = useIssueToken();
  const resume = useResumeSubscriber();
  const remove = useDeleteSubscriber();
  const showOnce = useShowOnce();
  const secretHint = '推送请求头 X-Onewindow-Signature = v1=HMAC-SHA256(密钥, 时间戳 + "." + 请求体)，验签方法见接口文档。';

  const open = (subscriber: FeedSubscriber | 'new') => {
    setEditing(subscriber);
    form.setFieldsValue(
      subscriber === 'new'
        ? { name: '', url: '', active: true, fromStart: false }
        : { name: subscriber.name, url: subscriber.url ?? '', active: subscriber.active, fromStart: false },
    );
  };

  const save = async (values: EditValues) => {
    const url = values.url?.trim() ? values.url.trim() : null;
    try {
      if (editing === 'new') {
        const { secret } = await create.mutateAsync({ name: values.name, url, fromStart: values.fromStart });
        if (secret) showOnce('签名密钥', secret, secretHint);
      } else if (editing) {
        const { secret } = await update.mutateAsync({ id: editing.id, name: values.name, url, active: values.active });
        if (secret) showOnce('签名密钥', secret, secretHint);
      }
      message.success('已保存');
      setEditing(null);
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  const act = async <R,>(run: () => Promise<R>, done?: (result: R) => void) => {
    try {
      const result = await run();
      if (done) done(result);
      else message.success('已完成');
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  return (
    <Card
      title="电子监察数据对接"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          登记订阅方
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        每条办件过程记录（受理、中止计时、延期、办结、预警、督办……）按提交顺序推送给订阅方（带签名，失败按指数退避重试），订阅方也可凭访问令牌拉取
        <Typography.Text code>GET /api/feed/case-events?after=…</Typography.Text>。不含申请人姓名、证件号码和电话。当前最新序号：{data?.latestPosition ?? '—'}
      </Typography.Paragraph>
      <Table<FeedSubscriber>
        rowKey="id"
        loading={isLoading}
        dataSource={data?.subscribers}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: '名称', dataIndex: 'name' },
          {
            title: '推送地址',
            dataIndex: 'url',
            render: (url: string | null) => (url ? <Typography.Text style={{ wordBreak: 'break-all' }}>{url}</Typography.Text> : <Tag>仅拉取</Tag>),
          },
          {
            title: '状态',
            render: (_, s) => (s.push || !s.active ? <Tag color={STATUS[s.status].color}>{STATUS[s.status].label}</Tag> : <Tag color="blue">拉取</Tag>),
          },
          {
            title: '推送进度',
            render: (_, s) =>
              s.push ? (
                <Space direction="vertical" size={0}>
                  <span>已送达至 {s.deliveredPosition}{s.behind ? `，待推送 ${s.behind} 条` : ''}</span>
                  <Typography.Text type="secondary">{time(s.deliveredAt)}</Typography.Text>
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: '最近错误',
            render: (_, s) =>
              s.lastError ? (
                <Space direction="vertical" size={0}>
                  <Typography.Text type={s.status === 'failed' || s.status === 'retrying' ? 'danger' : 'secondary'}>{s.lastError}</Typography.Text>
                  <Typography.Text type="secondary">
                    {time(s.lastErrorAt)}
                    {s.attempts ? `，已尝试 ${s.attempts} 次` : ''}
                    {s.nextAttemptAt && s.status === 'retrying' ? `，下次 ${time(s.nextAttemptAt)}` : ''}
                  </Typography.Text>
                </Space>
              ) : (
                '—'
              ),
          },
          { title: '访问令牌', render: (_, s) => (s.tokenIssuedAt ? `已签发 ${time(s.tokenIssuedAt)}` : '未签发') },
          {
            title: '操作',
            render: (_, s) => (
              <Space wrap>
                <Button size="small" onClick={() => open(s)}>
                  修改
                </Button>
                {s.status === 'failed' && (
                  <Button size="small" type="primary" danger onClick={() => void act(() => resume.mutateAsync(s.id), () => message.success('已恢复推送，从失败的记录起按顺序重发'))}>
                    恢复推送
                  </Button>
                )}
                <Popconfirm title="签发新令牌后，旧令牌立即失效。继续？" onConfirm={() => void act(() => issue.mutateAsync(s.id), (r) => showOnce('访问令牌', r.token, '拉取时请求头 Authorization: Bearer <令牌>；仅可读取本中心的办件过程数据。'))}>
                  <Button size="small">签发令牌</Button>
                </Popconfirm>
                {s.push && (
                  <Popconfirm title="更换后，对方须改用新密钥验签。继续？" onConfirm={() => void act(() => rotate.mutateAsync(s.id), (r) => showOnce('签名密钥', r.secret, secretHint))}>
                    <Button size="small">更换密钥</Button>
                  </Popconfirm>
                )}
                <Popconfirm title="删除后不再推送，令牌失效。继续？" onConfirm={() => void act(() => remove.mutateAsync(s.id))}>
                  <Button size="small" danger>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Drawer title={editing === 'new' ? '登记订阅方' : '修改订阅方'} open={editing !== null} onClose={() => setEditing(null)} width={480} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(values) => void save(values)}>
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
            <Input placeholder="吉林省电子监察系统" maxLength={100} />
          </Form.Item>
          <Form.Item name="url" label="推送地址（留空则只能拉取）" rules={[{ pattern: /^https?:\/\//, message: '请填写 http:// 或 https:// 开头的地址' }]}>
            <Input placeholder="https://…/onewindow/events" />
          </Form.Item>
          {editing === 'new' ? (
            <Form.Item name="fromStart" valuePropName="checked">
              <Checkbox>推送全部历史记录（默认只推送登记之后的新记录）</Checkbox>
            </Form.Item>
          ) : (
            <Form.Item name="active" label="启用" valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={create.isPending || update.isPending}>
            保存
          </Button>
        </Form>
      </Drawer>
    </Card>
  );
}

