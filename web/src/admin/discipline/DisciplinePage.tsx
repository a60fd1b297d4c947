import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Image, Input, InputNumber, Modal, Select, Space, Switch, Table, Tabs, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { TDutyRoster, THallStaffing } from '../../../../server/src/modules/discipline/schema';
import { api, errorMessage } from '../../api/client';
import { FINDING_STATUS, photoToBase64, useFindings, usePeople, useRules, type TRule } from '../../api/discipline';
import { chinaClock, chinaDay } from '../../api/hall';

function RulesTab() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const { data: rules } = useRules();
  const [editing, setEditing] = useState<Partial<TRule> | null>(null);
  const save = useMutation({
    mutationFn: (v: Omit<TRule, 'id'>) => (editing?.id ? api.put(`/api/discipline/rules/${editing.id}`, v) : api.post('/api/discipline/rules', v)),
    onSuccess: () => { setEditing(null); void client.invalidateQueries({ queryKey: ['discipline-rules'] }); },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <>
      <Button type="primary" onClick={() => setEditing({ active: true, points: 2 })} style={{ marginBottom: 12 }}>新增规定</Button>
      <Table rowKey="id" size="small" pagination={false} dataSource={rules} columns={[
        { title: '编号', dataIndex: 'code' },
        { title: '规定', dataIndex: 'title' },
        { title: '扣分', dataIndex: 'points' },
        { title: '状态', render: (_, r) => (r.active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
        { title: '', render: (_, r) => <Button size="small" onClick={() => setEditing(r)}>编辑</Button> },
      ]} />
      {editing && (
        <Modal open title="纪律规定" footer={null} onCancel={() => setEditing(null)}>
          <Form layout="vertical" initialValues={editing} onFinish={(v) => save.mutate(v)}>
            <Form.Item name="code" label="编号" rules={[{ required: true }]}><Input maxLength={20} /></Form.Item>
            <Form.Item name="title" label="规定" rules={[{ required: true, min: 2 }]}><Input maxLength={200} /></Form.Item>
            <Form.Item name="points" label="考核扣分" rules={[{ required: true }]}><InputNumber min={0} max={100} step={0.5} /></Form.Item>
            <Form.Item name="active" label="启用" valuePropName="checked"><Switch /></Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending}>保存</Button>
          </Form>
        </Modal>
      )}
    </>
  );
}

function FindingsTab() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const { data: findings } = useFindings();
  const decide = useMutation({
    mutationFn: (v: { id: number; decision: 'confirm' | 'dismiss' }) => api.post(`/api/discipline/findings/${v.id}/decide`, { decision: v.decision }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['findings'] }),
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Table rowKey="id" size="small" dataSource={findings} columns={[
      { title: '时间', render: (_, f) => `${chinaDay(f.foundAt)} ${chinaClock(f.foundAt)}` },
      { title: '窗口', render: (_, f) => (f.windowNumber ? `${f.windowNumber} ${f.windowName}` : '—') },
      { title: '人员', render: (_, f) => f.personName ?? '—' },
      { title: '规定', render: (_, f) => `${f.ruleTitle}（${f.points} 分）` },
      { title: '巡查人', dataIndex: 'foundBy' },
      { title: '当事人说明', render: (_, f) => f.explanation ?? '—' },
      { title: '照片', render: (_, f) => (f.hasPhoto ? <Image src={`/api/discipline/findings/${f.id}/photo`} width={48} /> : null) },
      { title: '状态', render: (_, f) => <Tag color={FINDING_STATUS[f.status].color}>{FINDING_STATUS[f.status].text}</Tag> },
      { title: '', render: (_, f) => (f.status === 'open' || f.status === 'explained') && (
        <Space>
          <Button size="small" danger onClick={() => decide.mutate({ id: f.id, decision: 'confirm' })}>认定并曝光</Button>
          <Button size="small" onClick={() => decide.mutate({ id: f.id, decision: 'dismiss' })}>撤销</Button>
        </Space>
      ) },
    ]} />
  );
}

function StaffingTab() {
  const { data } = useQuery({
    queryKey: ['staffing'],
    queryFn: () => api.get<THallStaffing>('/api/discipline/staffing'),
    refetchInterval: 15_000,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table rowKey="id" size="small" pagination={false} dataSource={data?.windows} columns={[
        { title: '窗口', render: (_, w) => `${w.number} ${w.name}` },
        { title: '在岗', render: (_, w) => (w.staff.length ? w.staff.join('、') : '—') },
        { title: '本类业务等候', dataIndex: 'waiting' },
        { title: '', render: (_, w) => (w.unstaffed ? <Tag color="red">空岗（有人等候）</Tag> : null) },
      ]} />
      <Card size="small" title="今日空岗记录">
        <Table rowKey="id" size="small" pagination={false} dataSource={data?.flags} columns={[
          { title: '时间', render: (_, f) => chinaClock(f.at) },
          { title: '窗口', dataIndex: 'window' },
          { title: '签退人', dataIndex: 'person' },
          { title: '等候人数', dataIndex: 'waiting' },
          { title: '业务类别', dataIndex: 'categories' },
        ]} />
      </Card>
    </Space>
  );
}

function RosterTab() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const { data: people } = usePeople();
  const from = chinaDay();
  const to = chinaDay(new Date(Date.now() + 14 * 86_400_000));
  const { data } = useQuery({ queryKey: ['roster', from], queryFn: async () => (await api.get<TDutyRoster>(`/api/discipline/roster?from=${from}&to=${to}`)).roster });
  const set = useMutation({
    mutationFn: (v: { day: Dayjs; floor: string; userId: number }) => api.put('/api/discipline/roster', { day: v.day.format('YYYY-MM-DD'), floor: v.floor, userId: v.userId }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['roster'] }),
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Form layout="inline" initialValues={{ day: dayjs(), floor: '一楼' }} onFinish={(v) => set.mutate(v)}>
        <Form.Item name="day" label="日期"><DatePicker allowClear={false} /></Form.Item>
        <Form.Item name="floor" label="楼层" rules={[{ required: true }]}><Input style={{ width: 100 }} /></Form.Item>
        <Form.Item name="userId" label="值班长" rules={[{ required: true }]}><Select style={{ width: 160 }} options={people?.map((p) => ({ value: p.id, label: p.name }))} /></Form.Item>
        <Button type="primary" htmlType="submit">排班</Button>
      </Form>
      <Table rowKey={(r) => `${r.day}-${r.floor}`} size="small" pagination={false} dataSource={data} columns={[{ title: '日期', dataIndex: 'day' }, { title: '楼层', dataIndex: 'floor' }, { title: '值班长', dataIndex: 'name' }]} />
    </Space>
  );
}

/** 公示信息 shown on the 五公开 board for each member of staff. */
function ProfilesTab() {
  const { message } = App.useApp();
  const { data: people } = usePeople();
  const [photo, setPhoto] = useState<string>();
  const save = useMutation({
    mutationFn: (v: { userId: number; staffNumber: string; duties: string }) => api.put(`/api/admin/staff/${v.userId}/profile`, { staffNumber: v.staffNumber ?? '', duties: v.duties ?? '', photo }),
    onSuccess: () => { message.success('已保存'); setPhoto(undefined); },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Form layout="vertical" onFinish={(v) => save.mutate(v)} style={{ maxWidth: 480 }}>
      <Form.Item name="userId" label="人员" rules={[{ required: true }]}><Select options={people?.map((p) => ({ value: p.id, label: p.name }))} /></Form.Item>
      <Form.Item name="staffNumber" label="工号"><Input maxLength={20} /></Form.Item>
      <Form.Item name="duties" label="岗位职责"><Input maxLength={200} /></Form.Item>
      <Form.Item label="照片"><input type="file" accept="image/*" onChange={async (e) => e.target.files?.[0] && setPhoto(await photoToBase64(e.target.files[0]))} /></Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>保存</Button>
    </Form>
  );
}

/** 纪律管理: rules, 巡查 findings to decide, staffing and 空岗, the 值班长 roster, what the board shows. */
export function DisciplinePage() {
  return (
    <Card title="窗口纪律">
      <Tabs items={[
        { key: 'findings', label: '巡查记录', children: <FindingsTab /> },
        { key: 'staffing', label: '在岗情况', children: <StaffingTab /> },
        { key: 'roster', label: '值班长', children: <RosterTab /> },
        { key: 'rules', label: '纪律规定', children: <RulesTab /> },
        { key: 'profiles', label: '公示信息', children: <ProfilesTab /> },
      ]} />
    </Card>
  );
}
