import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, List, Modal, Radio, Rate, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { TInquiry, TInquiryList, TInquiryReceipt } from '../../../server/src/modules/inquiries/schema';
import { useMe } from '../api/auth';
import { api, errorMessage } from '../api/client';
import { useDepartments } from '../api/catalog';
import { formatDate, formatTime } from '../components/format';

/** 咨询投诉: ask or complain (citizen), log a call (clerk), answer (department), call back, publish. */
export function InquiriesPanel() {
  const { data: me } = useMe();
  const client = useQueryClient();
  const { message } = App.useApp();
  const { data, isLoading } = useQuery({ queryKey: ['inquiries'], queryFn: () => api.get<TInquiryList>('/api/inquiries') });
  const { data: departments } = useDepartments();
  const [asking, setAsking] = useState<{ id: number; step: string; label: string } | null>(null);
  const [text, setText] = useState('');
  const [form] = Form.useForm();
  const canAsk = me?.role === 'applicant' || me?.role === 'clerk';
  const refresh = () => void client.invalidateQueries({ queryKey: ['inquiries'] });
  const step = async (id: number, name: string, body: Record<string, unknown>) => {
    try {
      await api.post(`/api/inquiries/${id}/${name}`, body);
      message.success('已提交');
      setAsking(null);
      setText('');
      refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const actions = (q: TInquiry) => {
    const list = [];
    if (me?.role === 'reviewer' && !q.repliedAt) list.push(<Button key="r" size="small" type="primary" onClick={() => setAsking({ id: q.id, step: 'reply', label: '答复' })}>答复</Button>);
    if ((me?.role === 'clerk' || me?.role === 'supervisor') && q.repliedAt && !q.callbackNote) list.push(<Button key="c" size="small" onClick={() => setAsking({ id: q.id, step: 'callback', label: '回访' })}>回访</Button>);
    if (me?.role === 'admin' && q.kind === 'consultation' && q.repliedAt && !q.publishedFaq && q.itemName) list.push(<Button key="p" size="small" onClick={() => void step(q.id, 'publish', {})}>发布为常见问题</Button>);
    if (me?.role === 'applicant' && q.repliedAt && !q.rating) list.push(<Rate key="rate" style={{ fontSize: 14 }} onChange={(level) => void step(q.id, 'rate', { level })} />);
    return list;
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {canAsk && (
        <Card title={me?.role === 'clerk' ? '登记电话咨询投诉' : '我要咨询 / 投诉'}>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ kind: 'consultation' }}
            onFinish={async (v: Record<string, string | number>) => {
              try {
                const body = {
                  kind: v.kind,
                  departmentId: v.departmentId,
                  subject: v.subject,
                  content: v.content,
                  ...(me?.role === 'clerk' ? { contact: { name: v.contactName, phone: v.contactPhone } } : {}),
                };
                const result = await api.post<TInquiryReceipt>('/api/inquiries', body);
                message.success(`已受理，承办部门将于 ${result.replyDue} 前答复`);
                form.resetFields();
                refresh();
              } catch (e) {
                message.error(errorMessage(e));
              }
            }}
          >
            <Form.Item name="kind">
              <Radio.Group options={[{ value: 'consultation', label: '咨询' }, { value: 'complaint', label: '投诉' }]} />
            </Form.Item>
            <Form.Item name="departmentId" label="部门" rules={[{ required: true, message: '请选择部门' }]}>
              <Select showSearch optionFilterProp="label" options={(departments ?? []).map((d) => ({ value: d.id, label: d.name }))} />
            </Form.Item>
            {me?.role === 'clerk' && (
              <Space wrap>
                <Form.Item name="contactName" label="来电人" rules={[{ required: true }]}>
                  <Input />
                </Form.Item>
                <Form.Item name="contactPhone" label="来电号码" rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '11 位手机号' }]}>
                  <Input maxLength={11} />
                </Form.Item>
              </Space>
            )}
            <Form.Item name="subject" label="主题" rules={[{ required: true, min: 2 }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="content" label="内容" rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              提交
            </Button>
          </Form>
        </Card>
      )}
      <Card title="咨询投诉记录">
        <List
          loading={isLoading}
          dataSource={data?.inquiries ?? []}
          locale={{ emptyText: '暂无记录' }}
          renderItem={(q) => (
            <List.Item actions={actions(q)}>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Tag color={q.kind === 'complaint' ? 'volcano' : 'blue'}>{q.kind === 'complaint' ? '投诉' : '咨询'}</Tag>
                    {q.subject}
                    {q.repliedAt ? <Tag color="green">已答复</Tag> : q.overdue ? <Tag color="red">逾期未复</Tag> : <Tag>待答复（{formatDate(q.replyDue)} 前）</Tag>}
                    {q.publishedFaq && <Tag color="cyan">已发布为常见问题</Tag>}
                  </Space>
                }
                description={
                  <>
                    <div>{q.content}</div>
                    {q.reply && <Typography.Text type="secondary">答复：{q.reply}</Typography.Text>}
                    {q.callbackNote && <div style={{ color: '#595959' }}>回访：{q.callbackNote}</div>}
                    <div style={{ fontSize: 12, color: '#595959' }}>
                      {q.departmentName} · {q.channel === 'phone' ? `电话 ${q.contactName} ${q.contactPhone ?? ''}` : '网上'} · {formatTime(q.createdAt)}
                    </div>
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
      <Modal open={Boolean(asking)} title={asking?.label} okText="确定" cancelText="取消" onCancel={() => setAsking(null)} onOk={() => asking && void step(asking.id, asking.step, { text })}>
        <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      </Modal>
    </Space>
  );
}
