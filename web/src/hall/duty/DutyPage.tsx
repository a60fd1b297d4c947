import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { TAttendanceDays, TSignOut } from '../../../../server/src/modules/discipline/schema';
import type { TOwnedEnquiries, TOwnedEnquiry } from '../../../../server/src/modules/inquiries/schema';
import type { TDepartmentDirectory } from '../../../../server/src/modules/org/schema';
import { api, errorMessage } from '../../api/client';
import { FINDING_STATUS, useFindings, usePeople } from '../../api/discipline';
import { chinaClock } from '../../api/hall';

/** 在岗: sign in and out at the window, one's 巡查 records (to explain), and the 首问 enquiries one owns. */
export function DutyPage() {
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const { data: days } = useQuery({ queryKey: ['attendance'], queryFn: async () => (await api.get<TAttendanceDays>('/api/attendance/mine')).days });
  const open = days?.find((d) => !d.signedOutAt);
  const refresh = () => void client.invalidateQueries({ queryKey: ['attendance'] });
  const signIn = useMutation({ mutationFn: () => api.post('/api/attendance/sign-in'), onSuccess: refresh, onError: (e) => message.error(errorMessage(e)) });
  const signOut = useMutation({
    mutationFn: () => api.post<TSignOut>('/api/attendance/sign-out'),
    onSuccess: (r) => {
      refresh();
      if (r.flagged) modal.warning({ title: '窗口空岗已记录', content: `签退时本窗口业务仍有 ${r.waiting} 人等候，已记入在岗情况。` });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const { data: findings } = useFindings();
  const explain = useMutation({
    mutationFn: (v: { id: number; explanation: string }) => api.post(`/api/discipline/findings/${v.id}/explain`, { explanation: v.explanation }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['findings'] }),
    onError: (e) => message.error(errorMessage(e)),
  });
  const { data: owned } = useQuery({ queryKey: ['first-asked'], queryFn: async () => (await api.get<TOwnedEnquiries>('/api/inquiries/first-asked/mine')).enquiries });
  const { data: people } = usePeople();
  const { data: departments } = useQuery({ queryKey: ['departments'], queryFn: async () => (await api.get<TDepartmentDirectory>('/api/org/departments')).departments });
  const [recording, setRecording] = useState(false);
  const [handing, setHanding] = useState<TOwnedEnquiry>();
  const [form] = Form.useForm();
  const refreshOwned = () => void client.invalidateQueries({ queryKey: ['first-asked'] });
  const record = useMutation({ mutationFn: (v: unknown) => api.post('/api/inquiries/first-asked', v), onSuccess: () => { setRecording(false); form.resetFields(); refreshOwned(); }, onError: (e) => message.error(errorMessage(e)) });
  const answer = useMutation({ mutationFn: (v: { id: number; text: string }) => api.post(`/api/inquiries/first-asked/${v.id}/answer`, { text: v.text }), onSuccess: refreshOwned, onError: (e) => message.error(errorMessage(e)) });
  const handOver = useMutation({ mutationFn: (v: { id: number; toUserId: number; note: string }) => api.post(`/api/inquiries/first-asked/${v.id}/hand-over`, v), onSuccess: () => { setHanding(undefined); refreshOwned(); }, onError: (e) => message.error(errorMessage(e)) });
  const ask = (title: string, onOk: (text: string) => void) => {
    let text = '';
    modal.confirm({ title, content: <Input.TextArea rows={3} onChange={(e) => (text = e.target.value)} />, onOk: () => onOk(text) });
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title="窗口考勤">
        <Space>
          {open ? <Tag color="green">已签到 {chinaClock(open.signedInAt)}</Tag> : <Tag>未签到</Tag>}
          <Button type="primary" disabled={Boolean(open)} onClick={() => signIn.mutate()} data-testid="sign-in">签到</Button>
          <Button disabled={!open} onClick={() => signOut.mutate()} data-testid="sign-out">签退</Button>
        </Space>
      </Card>
      <Card title="首问负责" extra={<Button onClick={() => setRecording(true)}>登记首问</Button>}>
        <Table rowKey="id" size="small" dataSource={owned} pagination={false} columns={[
          { title: '主题', dataIndex: 'subject' },
          { title: '来访人', dataIndex: 'contactName' },
          { title: '首问人', dataIndex: 'firstAsked' },
          { title: '答复期限', render: (_, e) => <Typography.Text type={e.overdue ? 'danger' : undefined}>{e.replyDue}</Typography.Text> },
          { title: '状态', render: (_, e) => (e.reply ? <Tag color="green">已答复</Tag> : e.handoverNote ? <Tag color="blue">移交接收</Tag> : <Tag color="orange">负责中</Tag>) },
          { title: '', render: (_, e) => !e.reply && (
            <Space>
              <Button size="small" onClick={() => ask('答复', (text) => answer.mutate({ id: e.id, text }))}>答复</Button>
              <Button size="small" onClick={() => setHanding(e)}>移交</Button>
            </Space>
          ) },
        ]} />
      </Card>
      <Card title="我的巡查记录">
        <Table rowKey="id" size="small" dataSource={findings} pagination={false} columns={[
          { title: '时间', render: (_, f) => chinaClock(f.foundAt) + ' ' + f.foundAt.slice(0, 10) },
          { title: '规定', dataIndex: 'ruleTitle' },
          { title: '情况', dataIndex: 'note' },
          { title: '状态', render: (_, f) => <Tag color={FINDING_STATUS[f.status].color}>{FINDING_STATUS[f.status].text}</Tag> },
          { title: '', render: (_, f) => (f.status === 'open' || f.status === 'explained') && <Button size="small" onClick={() => ask('说明情况', (explanation) => explain.mutate({ id: f.id, explanation }))}>说明</Button> },
        ]} />
      </Card>
      <Modal open={recording} title="登记首问（您为负责人）" onCancel={() => setRecording(false)} onOk={() => form.submit()} confirmLoading={record.isPending}>
        <Form form={form} layout="vertical" initialValues={{ kind: 'consultation' }} onFinish={(v) => record.mutate(v)}>
          <Form.Item name="kind" label="类型"><Select options={[{ value: 'consultation', label: '咨询' }, { value: 'complaint', label: '投诉' }]} /></Form.Item>
          <Form.Item name="subject" label="主题" rules={[{ required: true, min: 2 }]}><Input maxLength={100} /></Form.Item>
          <Form.Item name="content" label="内容" rules={[{ required: true, min: 2 }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
          <Form.Item name="contactName" label="来访人" rules={[{ required: true }]}><Input maxLength={50} /></Form.Item>
          <Form.Item name="contactPhone" label="手机号"><Input maxLength={11} /></Form.Item>
          <Form.Item name="departmentId" label="涉及部门" rules={[{ required: true }]}><Select showSearch optionFilterProp="label" options={departments?.map((d) => ({ value: d.id, label: d.name }))} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={Boolean(handing)} title={`移交：${handing?.subject ?? ''}`} footer={null} onCancel={() => setHanding(undefined)}>
        <Form layout="vertical" onFinish={(v: { toUserId: number; note: string }) => handing && handOver.mutate({ id: handing.id, toUserId: v.toUserId, note: v.note ?? '' })}>
          <Form.Item name="toUserId" label="接收人" rules={[{ required: true }]}><Select showSearch optionFilterProp="label" options={people?.map((p) => ({ value: p.id, label: p.name }))} /></Form.Item>
          <Form.Item name="note" label="移交说明"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={handOver.isPending}>移交</Button>
        </Form>
      </Modal>
    </Space>
  );
}
