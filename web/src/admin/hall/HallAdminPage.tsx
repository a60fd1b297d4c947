import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, DatePicker, Form, InputNumber, Modal, Input, Segmented, Select, Space, Table, Tabs, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import type { TDayBookings, THallSettings, TSlotList, TSlotsGenerated } from '../../../../server/src/modules/appointments/schema';
import type { TCategoryList } from '../../../../server/src/modules/hall-categories/schema';
import type { TAdminWindowList, TDepartmentDirectory } from '../../../../server/src/modules/org/schema';
import { useMe } from '../../api/auth';
import { api, errorMessage, query } from '../../api/client';
import { chinaClock, chinaDay, useQueueStats, type TCategory, type TQueueStatsBy } from '../../api/hall';

function useAdminCategories() {
  return useQuery({ queryKey: ['admin-hall-categories'], queryFn: async () => (await api.get<TCategoryList>('/api/admin/hall/categories')).categories });
}

/** 业务类别 and the window group serving each. */
function CategoriesTab() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const { data: categories } = useAdminCategories();
  const { data: windows } = useQuery({ queryKey: ['admin-windows'], queryFn: async () => (await api.get<TAdminWindowList>('/api/admin/windows')).windows });
  const { data: departments } = useQuery({ queryKey: ['departments'], queryFn: async () => (await api.get<TDepartmentDirectory>('/api/org/departments')).departments });
  const [editing, setEditing] = useState<Partial<TCategory> | null>(null);
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (values: { prefix: string; name: string; departmentIds: number[]; windowIds: number[]; active: boolean }) =>
      editing?.id ? api.put(`/api/admin/hall/categories/${editing.id}`, values) : api.post('/api/admin/hall/categories', values),
    onSuccess: () => {
      setEditing(null);
      void client.invalidateQueries({ queryKey: ['admin-hall-categories'] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const open = (c: Partial<TCategory>) => {
    setEditing(c);
    form.setFieldsValue({ prefix: c.prefix, name: c.name, departmentIds: c.departmentIds ?? [], windowIds: c.windows?.map((w) => w.id) ?? [], active: c.active ?? true });
  };
  return (
    <>
      <Button type="primary" onClick={() => open({})} style={{ marginBottom: 12 }}>新增类别</Button>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={categories}
        columns={[
          { title: '前缀', dataIndex: 'prefix' },
          { title: '名称', dataIndex: 'name' },
          { title: '窗口组', render: (_, c) => c.windows.map((w) => <Tag key={w.id}>{w.number} {w.name}</Tag>) },
          { title: '部门', render: (_, c) => (c.departmentIds.length ? `${c.departmentIds.length} 个部门` : '全部') },
          { title: '状态', render: (_, c) => (c.active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
          { title: '', render: (_, c) => <Button size="small" onClick={() => open(c)}>编辑</Button> },
        ]}
      />
      <Modal open={Boolean(editing)} title={editing?.id ? '编辑业务类别' : '新增业务类别'} onCancel={() => setEditing(null)} onOk={() => form.submit()} confirmLoading={save.isPending}>
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="prefix" label="号码前缀" rules={[{ required: true, pattern: /^[A-Z]$/, message: '一个大写字母' }]}><Input maxLength={1} style={{ width: 80 }} /></Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true }]}><Input maxLength={40} /></Form.Item>
          <Form.Item name="windowIds" label="办理窗口（窗口组）"><Select mode="multiple" options={windows?.map((w) => ({ value: w.id, label: `${w.number} ${w.name}` }))} /></Form.Item>
          <Form.Item name="departmentIds" label="可预约事项的部门（不选 = 全部）"><Select mode="multiple" optionFilterProp="label" options={departments?.map((d) => ({ value: d.id, label: d.name }))} /></Form.Item>
          <Form.Item name="active" valuePropName="checked"><Checkbox>启用</Checkbox></Form.Item>
        </Form>
      </Modal>
    </>
  );
}

const time = (d: Dayjs | undefined) => d?.format('HH:mm');
type Span = [Dayjs, Dayjs] | undefined;

/** 预约时段: publish from the calendar, then adjust or close single slots. */
function SlotsTab() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const { data: categories } = useAdminCategories();
  const [categoryId, setCategoryId] = useState<number>();
  const [day, setDay] = useState<Dayjs>(dayjs());
  const { data: slots } = useQuery({
    queryKey: ['admin-slots', categoryId, day.format('YYYY-MM-DD')],
    queryFn: async () => (await api.get<TSlotList>(`/api/admin/appointments/slots${query({ categoryId, from: day.format('YYYY-MM-DD'), to: day.format('YYYY-MM-DD') })}`)).slots,
    enabled: Boolean(categoryId),
  });
  const generate = useMutation({
    mutationFn: (body: unknown) => api.post<TSlotsGenerated>('/api/admin/appointments/slots/generate', body),
    onSuccess: (r) => {
      message.success(`已发布 ${r.created} 个时段`);
      void client.invalidateQueries({ queryKey: ['admin-slots'] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const capacity = useMutation({
    mutationFn: (v: { id: number; capacity: number }) => api.put(`/api/admin/appointments/slots/${v.id}`, { capacity: v.capacity }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin-slots'] }),
    onError: (e) => message.error(errorMessage(e)),
  });
  const span = (s: Span) => (s ? { start: time(s[0])!, end: time(s[1])! } : undefined);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card size="small" title="按工作日历发布">
        <Form
          layout="inline"
          initialValues={{ slotMinutes: 30, capacity: 4, morning: [dayjs('09:00', 'HH:mm'), dayjs('12:00', 'HH:mm')], afternoon: [dayjs('13:30', 'HH:mm'), dayjs('17:00', 'HH:mm')], extendedCapacity: 2, weekendCapacity: 2 }}
          onFinish={(v: { categoryId: number; range: [Dayjs, Dayjs]; slotMinutes: number; capacity: number; morning: Span; afternoon: Span; extended: Span; extendedCapacity: number; weekend: Span; weekendCapacity: number }) =>
            generate.mutate({
              categoryId: v.categoryId,
              from: v.range[0].format('YYYY-MM-DD'),
              to: v.range[1].format('YYYY-MM-DD'),
              slotMinutes: v.slotMinutes,
              capacity: v.capacity,
              morning: span(v.morning),
              afternoon: span(v.afternoon),
              extended: v.extended ? { ...span(v.extended), capacity: v.extendedCapacity } : undefined,
              weekend: v.weekend ? { ...span(v.weekend), capacity: v.weekendCapacity } : undefined,
            })
          }
        >
          <Form.Item name="categoryId" label="类别" rules={[{ required: true }]}><Select style={{ width: 160 }} options={categories?.map((c) => ({ value: c.id, label: `${c.prefix} ${c.name}` }))} /></Form.Item>
          <Form.Item name="range" label="日期" rules={[{ required: true }]}><DatePicker.RangePicker /></Form.Item>
          <Form.Item name="slotMinutes" label="每段分钟"><InputNumber min={10} max={240} /></Form.Item>
          <Form.Item name="capacity" label="每段容量"><InputNumber min={1} max={500} /></Form.Item>
          <Form.Item name="morning" label="上午" rules={[{ required: true }]}><TimePicker.RangePicker format="HH:mm" minuteStep={5} /></Form.Item>
          <Form.Item name="afternoon" label="下午（午休后）"><TimePicker.RangePicker format="HH:mm" minuteStep={5} /></Form.Item>
          <Form.Item name="extended" label="延时服务"><TimePicker.RangePicker format="HH:mm" minuteStep={5} /></Form.Item>
          <Form.Item name="extendedCapacity" label="容量"><InputNumber min={1} max={500} /></Form.Item>
          <Form.Item name="weekend" label="365 周末"><TimePicker.RangePicker format="HH:mm" minuteStep={5} /></Form.Item>
          <Form.Item name="weekendCapacity" label="容量"><InputNumber min={1} max={500} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={generate.isPending}>发布</Button>
        </Form>
      </Card>
      <Space>
        <Select style={{ width: 180 }} placeholder="业务类别" value={categoryId} onChange={setCategoryId} options={categories?.map((c) => ({ value: c.id, label: `${c.prefix} ${c.name}` }))} />
        <DatePicker value={day} onChange={(d) => d && setDay(d)} allowClear={false} />
      </Space>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={slots}
        columns={[
          { title: '时段', render: (_, s) => `${chinaClock(s.startsAt)}–${chinaClock(s.endsAt)}` },
          { title: '类型', render: (_, s) => ({ regular: '工作时间', extended: '延时服务', weekend: '365 周末' })[s.kind] },
          { title: '已约', dataIndex: 'booked' },
          { title: '容量', render: (_, s) => <InputNumber size="small" min={0} max={500} defaultValue={s.capacity} onBlur={(e) => Number(e.target.value) !== s.capacity && capacity.mutate({ id: s.id, capacity: Number(e.target.value) })} /> },
        ]}
      />
    </Space>
  );
}

function BookingsTab() {
  const [day, setDay] = useState<Dayjs>(dayjs());
  const { data } = useQuery({
    queryKey: ['admin-bookings', day.format('YYYY-MM-DD')],
    queryFn: async () => (await api.get<TDayBookings>(`/api/admin/appointments?day=${day.format('YYYY-MM-DD')}`)).appointments,
  });
  const status = { booked: '待签到', checked_in: '已签到', cancelled: '已取消', no_show: '爽约' };
  return (
    <>
      <DatePicker value={day} onChange={(d) => d && setDay(d)} allowClear={false} style={{ marginBottom: 12 }} />
      <Table rowKey="id" size="small" dataSource={data} columns={[
        { title: '时段', render: (_, a) => `${chinaClock(a.slot.startsAt)}–${chinaClock(a.slot.endsAt)}` },
        { title: '类别', dataIndex: 'categoryName' },
        { title: '事项', dataIndex: 'itemName' },
        { title: '申请人', dataIndex: 'applicantName' },
        { title: '状态', render: (_, a) => status[a.status] },
      ]} />
    </>
  );
}

function StatsTab() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('month'), dayjs()]);
  const [by, setBy] = useState<TQueueStatsBy>('category');
  const { data } = useQueueStats(range[0].format('YYYY-MM-DD'), range[1].format('YYYY-MM-DD'), by);
  const minutes = (v: number | null) => (v === null ? '—' : `${v} 分`);
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker value={range} onChange={(r) => r?.[0] && r[1] && setRange([r[0], r[1]])} allowClear={false} />
        <Segmented value={by} onChange={(v) => setBy(v as typeof by)} options={[{ value: 'category', label: '按类别' }, { value: 'window', label: '按窗口' }, { value: 'hour', label: '按时段' }]} />
      </Space>
      <Table rowKey="key" size="small" pagination={false} dataSource={data} columns={[
        { title: by === 'category' ? '类别' : by === 'window' ? '窗口' : '取号时段', dataIndex: 'label' },
        { title: '取号', dataIndex: 'issued' },
        { title: '办结', dataIndex: 'served' },
        { title: '放弃/过号', dataIndex: 'abandoned' },
        { title: '平均等候', render: (_, r) => minutes(r.waitAvg) },
        { title: 'P90 等候', render: (_, r) => minutes(r.waitP90) },
        { title: '最长等候', render: (_, r) => minutes(r.waitMax) },
        { title: '平均办理', render: (_, r) => minutes(r.serviceAvg) },
      ]} />
    </>
  );
}

function SettingsTab() {
  const { message } = App.useApp();
  const { data } = useQuery({ queryKey: ['hall-settings'], queryFn: () => api.get<THallSettings>('/api/admin/hall/settings') });
  const save = useMutation({ mutationFn: (v: THallSettings) => api.put('/api/admin/hall/settings', v), onSuccess: () => message.success('已保存'), onError: (e) => message.error(errorMessage(e)) });
  if (!data) return null;
  const fields: [Exclude<keyof THallSettings, 'exposureNames'>, string][] = [
    ['noShowLimit', '爽约几次暂停预约'],
    ['noShowWindowDays', '统计爽约的天数'],
    ['pauseDays', '暂停预约天数'],
    ['reminderHours', '提前几小时提醒'],
    ['checkInEarlyMinutes', '可提前签到分钟'],
    ['checkInLateMinutes', '迟到可签到分钟'],
    ['elderlyAge', '老年人优先年龄'],
  ];
  return (
    <Form layout="vertical" initialValues={data} onFinish={(v) => save.mutate(v)} style={{ maxWidth: 360 }}>
      {fields.map(([key, label]) => <Form.Item key={key} name={key} label={label} rules={[{ required: true }]}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item>)}
      <Form.Item name="exposureNames" label="曝光台姓名显示">
        <Select options={[{ value: 'mask', label: '脱敏（张**）' }, { value: 'full', label: '全名' }, { value: 'none', label: '不显示姓名' }]} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>保存</Button>
    </Form>
  );
}

/** 大厅管理: categories and window groups, slots, bookings, queue statistics and the hall's rules. */
export function HallAdminPage() {
  const { data: me } = useMe();
  return (
    <Card
      title="大厅管理"
      extra={me?.centreId && (
        <Space>
          <Link to={`/kiosk/queue/${me.centreId}`} target="_blank">取号机</Link>
          <Link to={`/hall-display/${me.centreId}`} target="_blank">叫号屏</Link>
        </Space>
      )}
    >
      <Typography.Paragraph type="secondary">今天 {chinaDay()}</Typography.Paragraph>
      <Tabs items={[
        { key: 'categories', label: '业务类别与窗口组', children: <CategoriesTab /> },
        { key: 'slots', label: '预约时段', children: <SlotsTab /> },
        { key: 'bookings', label: '预约名单', children: <BookingsTab /> },
        { key: 'stats', label: '排队统计', children: <StatsTab /> },
        { key: 'settings', label: '大厅规则', children: <SettingsTab /> },
      ]} />
    </Card>
  );
}
