import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Image, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { THallStaffing } from '../../../server/src/modules/discipline/schema';
import { api, errorMessage } from '../api/client';
import { FINDING_STATUS, photoToBase64, useFindings, usePeople, useRules } from '../api/discipline';
import { chinaClock, chinaDay } from '../api/hall';

/** 巡查: the inspector records a finding (window, person, rule, note, photo) and follows it. */
export function InspectPage() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const { data: rules } = useRules();
  const { data: people } = usePeople();
  const { data: staffing } = useQuery({ queryKey: ['staffing'], queryFn: () => api.get<THallStaffing>('/api/discipline/staffing') });
  const { data: findings } = useFindings();
  const [photo, setPhoto] = useState<string>();
  const record = useMutation({
    mutationFn: (v: { windowId?: number; personId?: number; ruleId: number; note?: string }) => api.post('/api/discipline/findings', { ...v, photo }),
    onSuccess: () => {
      message.success('已登记，已通知当事人');
      form.resetFields();
      setPhoto(undefined);
      void client.invalidateQueries({ queryKey: ['findings'] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title="登记巡查发现">
        <Form form={form} layout="vertical" onFinish={(v) => record.mutate(v)} style={{ maxWidth: 560 }}>
          <Form.Item name="windowId" label="窗口">
            <Select allowClear options={staffing?.windows.map((w) => ({ value: w.id, label: `${w.number} ${w.name}${w.staff.length ? `（${w.staff.join('、')}）` : '（无人在岗）'}` }))} />
          </Form.Item>
          <Form.Item name="personId" label="人员">
            <Select allowClear showSearch optionFilterProp="label" options={people?.map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
          <Form.Item name="ruleId" label="违反的纪律规定" rules={[{ required: true, message: '请选择' }]}>
            <Select options={rules?.filter((r) => r.active).map((r) => ({ value: r.id, label: `${r.code} ${r.title}（扣 ${r.points} 分）` }))} />
          </Form.Item>
          <Form.Item name="note" label="情况说明"><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
          <Form.Item label="现场照片">
            <input type="file" aria-label="拍照或选择照片" accept="image/*" capture="environment" onChange={async (e) => e.target.files?.[0] && setPhoto(await photoToBase64(e.target.files[0]))} />
            {photo && <Image src={photo} width={120} style={{ marginTop: 8 }} />}
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={record.isPending}>登记</Button>
        </Form>
      </Card>
      <Card title="巡查记录">
        <Table
          rowKey="id"
          size="small"
          dataSource={findings}
          columns={[
            { title: '时间', render: (_, f) => `${chinaDay(f.foundAt)} ${chinaClock(f.foundAt)}` },
            { title: '窗口', render: (_, f) => (f.windowNumber ? `${f.windowNumber} ${f.windowName}` : '—') },
            { title: '人员', render: (_, f) => f.personName ?? '—' },
            { title: '规定', dataIndex: 'ruleTitle' },
            { title: '说明', render: (_, f) => f.explanation ?? '—' },
            { title: '状态', render: (_, f) => <Tag color={FINDING_STATUS[f.status].color}>{FINDING_STATUS[f.status].text}</Tag> },
            { title: '照片', render: (_, f) => (f.hasPhoto ? <Image src={`/api/discipline/findings/${f.id}/photo`} width={48} /> : null) },
          ]}
        />
      </Card>
    </Space>
  );
}
