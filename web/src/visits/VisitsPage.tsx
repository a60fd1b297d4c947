import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import type { TCaseList } from '../../../server/src/modules/cases/schema';
import type { TPublicCentres } from '../../../server/src/modules/hall-categories/schema';
import type { TVisit, TVisitList } from '../../../server/src/modules/visits/schema';
import { useMe } from '../api/auth';
import { api, errorMessage } from '../api/client';
import { usePeople } from '../api/discipline';

export const REASONS: Record<TVisit['reason'], string> = { elderly: '老年人', disabled: '残疾人', sick: '患病', key_enterprise: '重点企业', other: '其他' };
const STATUS: Record<TVisit['status'], { text: string; color: string }> = {
  requested: { text: '待研判', color: 'orange' },
  accepted: { text: '已受理', color: 'blue' },
  declined: { text: '不予受理', color: 'default' },
  assigned: { text: '已派单', color: 'purple' },
  visited: { text: '已上门', color: 'cyan' },
  closed: { text: '已办结', color: 'green' },
};

function RequestForm({ onDone }: { onDone: () => void }) {
  const { message } = App.useApp();
  const { data: centres } = useQuery({ queryKey: ['centres'], queryFn: () => api.get<TPublicCentres>('/api/public/centres') });
  const request = useMutation({ mutationFn: (v: unknown) => api.post('/api/visits', v), onSuccess: () => { message.success('已提交，中心研判后会通知您'); onDone(); }, onError: (e) => message.error(errorMessage(e)) });
  return (
    <Form layout="vertical" style={{ maxWidth: 560 }} initialValues={{ reason: 'elderly' }} onFinish={(v) => request.mutate({ ...v, centreId: v.centreId ?? centres?.centres[0]?.id })}>
      <Form.Item name="centreId" label="服务中心"><Select placeholder={centres?.centres[0]?.name} options={centres?.centres.map((c) => ({ value: c.id, label: c.name }))} /></Form.Item>
      <Form.Item name="reason" label="申请原因" rules={[{ required: true }]}><Select options={Object.entries(REASONS).map(([value, label]) => ({ value, label }))} /></Form.Item>
      <Form.Item name="contactName" label="联系人" rules={[{ required: true }]}><Input maxLength={100} /></Form.Item>
      <Form.Item name="contactPhone" label="手机号" rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '应为 11 位手机号' }]}><Input maxLength={11} /></Form.Item>
      <Form.Item name="address" label="上门地址" rules={[{ required: true, min: 4 }]}><Input maxLength={200} /></Form.Item>
      <Form.Item name="description" label="需要办理的事情"><Input.TextArea rows={3} maxLength={1000} /></Form.Item>
      <Button type="primary" htmlType="submit" loading={request.isPending}>提交申请</Button>
    </Form>
  );
}

/** 上门服务 for every role: the applicant asks and follows; the administrator triages, assigns and closes; the clerk records the visit and its cases. */
export function VisitsPage() {
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const { data: me } = useMe();
  const { data: visits } = useQuery({ queryKey: ['visits'], queryFn: async () => (await api.get<TVisitList>('/api/visits')).visits });
  const refresh = () => void client.invalidateQueries({ queryKey: ['visits'] });
  const step = useMutation({ mutationFn: (v: { id: number; step: string; body?: unknown }) => api.post(`/api/visits/${v.id}/${v.step}`, v.body ?? {}), onSuccess: refresh, onError: (e) => message.error(errorMessage(e)) });
  const [asking, setAsking] = useState(false);
  const [assigning, setAssigning] = useState<TVisit>();
  const [recording, setRecording] = useState<TVisit>();
  const { data: people } = usePeople();
  const { data: cases } = useQuery({ queryKey: ['visit-cases'], queryFn: async () => (await api.get<TCaseList>('/api/cases?limit=20')).cases, enabled: Boolean(recording) });
  const triage = (v: TVisit, decision: 'accept' | 'decline') => {
    let note = decision === 'accept' ? '符合上门服务条件' : '';
    modal.confirm({ title: decision === 'accept' ? '受理' : '不予受理', content: <Input.TextArea defaultValue={note} onChange={(e) => (note = e.target.value)} />, onOk: () => step.mutate({ id: v.id, step: 'triage', body: { decision, note } }) });
  };
  const caseBase = me?.role === 'admin' ? '/admin/cases' : me?.role === 'clerk' ? '/hall/cases' : '/portal/cases';

  return (
    <Card title="上门服务" extra={me?.role === 'applicant' && <Button type="primary" onClick={() => setAsking(true)}>申请上门服务</Button>}>
      <Table rowKey="id" size="small" dataSource={visits} columns={[
        { title: '申请', render: (_, v) => <Space direction="vertical" size={0}><span>{v.contactName} · {REASONS[v.reason]}</span><Typography.Text type="secondary">{v.address}</Typography.Text></Space> },
        { title: '事由', dataIndex: 'description' },
        { title: '状态', render: (_, v) => <Tag color={STATUS[v.status].color}>{STATUS[v.status].text}</Tag> },
        { title: '上门', render: (_, v) => (v.visitDate ? `${v.visitDate} ${v.assigneeName ?? ''}` : '—') },
        { title: '办件', render: (_, v) => v.cases.map((c) => <div key={c.id}><Link to={`${caseBase}/${c.id}`}>{c.number}</Link> {c.itemName}</div>) },
        { title: '', render: (_, v) => (
          <Space>
            {me?.role === 'admin' && v.status === 'requested' && <><Button size="small" type="primary" onClick={() => triage(v, 'accept')}>受理</Button><Button size="small" onClick={() => triage(v, 'decline')}>不予受理</Button></>}
            {me?.role === 'admin' && (v.status === 'accepted' || v.status === 'assigned') && <Button size="small" onClick={() => setAssigning(v)}>派单</Button>}
            {me?.role === 'admin' && v.status === 'visited' && <Button size="small" onClick={() => step.mutate({ id: v.id, step: 'close' })}>办结</Button>}
            {me?.role === 'clerk' && (v.status === 'assigned' || v.status === 'visited') && <Button size="small" type="primary" onClick={() => setRecording(v)}>上门记录</Button>}
          </Space>
        ) },
      ]} />
      <Modal open={asking} title="申请上门服务" footer={null} onCancel={() => setAsking(false)} width={620}>
        <RequestForm onDone={() => { setAsking(false); refresh(); }} />
      </Modal>
      <Modal open={Boolean(assigning)} title="派单" footer={null} onCancel={() => setAssigning(undefined)}>
        <Form layout="vertical" initialValues={{ visitDate: dayjs() }} onFinish={(f: { assigneeId: number; visitDate: dayjs.Dayjs }) => { step.mutate({ id: assigning!.id, step: 'assign', body: { assigneeId: f.assigneeId, visitDate: f.visitDate.format('YYYY-MM-DD') } }); setAssigning(undefined); }}>
          <Form.Item name="assigneeId" label="上门人员" rules={[{ required: true }]}><Select options={people?.filter((p) => p.role === 'clerk').map((p) => ({ value: p.id, label: p.name }))} /></Form.Item>
          <Form.Item name="visitDate" label="上门日期" rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Button type="primary" htmlType="submit">派单</Button>
        </Form>
      </Modal>
      <Modal open={Boolean(recording)} title="上门记录" footer={null} onCancel={() => setRecording(undefined)}>
        <Typography.Paragraph type="secondary">在<Link to="/hall/walk-in">窗口登记</Link>为申请人受理后，在此关联产生的办件。</Typography.Paragraph>
        <Form layout="vertical" initialValues={{ record: recording?.visitRecord ?? '' }} onFinish={(f: { record: string; caseIds?: string[] }) => { step.mutate({ id: recording!.id, step: 'record', body: { record: f.record || undefined, caseIds: f.caseIds ?? [] } }); setRecording(undefined); }}>
          <Form.Item name="record" label="上门情况" rules={[{ required: recording?.status === 'assigned', min: 2 }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
          <Form.Item name="caseIds" label="产生的办件"><Select mode="multiple" options={cases?.map((c) => ({ value: c.id, label: `${c.number} ${c.itemName}` }))} /></Form.Item>
          <Button type="primary" htmlType="submit">保存</Button>
        </Form>
      </Modal>
    </Card>
  );
}
