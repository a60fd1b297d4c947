import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { TBookableItems, TPublicCentres } from '../../../../server/src/modules/hall-categories/schema';
import { api, errorMessage } from '../../api/client';
import { chinaClock, chinaDay, useAppointmentActions, useCategories, useMyAppointments, useSlots, type TAppointment, type TSlot } from '../../api/hall';

const KIND: Record<TSlot['kind'], { text: string; color: string }> = {
  regular: { text: '工作时间', color: 'blue' },
  extended: { text: '延时服务', color: 'purple' },
  weekend: { text: '365 周末', color: 'orange' },
};
const STATUS: Record<TAppointment['status'], { text: string; color: string }> = {
  booked: { text: '待签到', color: 'blue' },
  checked_in: { text: '已签到', color: 'green' },
  cancelled: { text: '已取消', color: 'default' },
  no_show: { text: '爽约', color: 'red' },
};
const DAYS_AHEAD = 14;

/** The slots of a category for the coming two weeks, by day; a click picks one. */
function SlotPicker({ categoryId, onPick, busy }: { categoryId: number; onPick: (slot: TSlot) => void; busy: boolean }) {
  const from = chinaDay();
  const to = chinaDay(new Date(Date.now() + DAYS_AHEAD * 86_400_000));
  const { data: slots, isLoading } = useSlots(categoryId, from, to);
  const byDay = useMemo(() => {
    const map = new Map<string, TSlot[]>();
    for (const s of slots ?? []) map.set(s.day, [...(map.get(s.day) ?? []), s]);
    return [...map.entries()];
  }, [slots]);
  if (isLoading) return null;
  if (!byDay.length) return <Empty description="近两周没有可预约的时段" />;
  return (
    <div data-testid="slots">
      {byDay.map(([day, list]) => (
        <div key={day} style={{ marginBottom: 12 }}>
          <Typography.Text strong>{day}</Typography.Text>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 6 }}>
            {list.map((s) => (
              <Button key={s.id} disabled={s.left === 0 || busy} onClick={() => onPick(s)} data-testid={`slot-${s.id}`}>
                {chinaClock(s.startsAt)}–{chinaClock(s.endsAt)} <Tag color={KIND[s.kind].color} style={{ marginLeft: 6 }}>{KIND[s.kind].text}</Tag>
                <Typography.Text type="secondary">余 {s.left}</Typography.Text>
              </Button>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}

/** 预约办事: pick centre, category, item and a slot; the booking's code is checked in at the kiosk. */
export function AppointmentsPage() {
  const { message } = App.useApp();
  const { data: centres } = useQuery({ queryKey: ['centres'], queryFn: () => api.get<TPublicCentres>('/api/public/centres') });
  const [centreId, setCentreId] = useState<number>();
  const centre = centreId ?? centres?.centres[0]?.id;
  const { data: categories } = useCategories(centre);
  const [categoryId, setCategoryId] = useState<number>();
  const [itemId, setItemId] = useState<number>();
  const { data: items } = useQuery({
    queryKey: ['category-items', categoryId],
    queryFn: () => api.get<TBookableItems>(`/api/public/categories/${categoryId}/items`),
    enabled: Boolean(categoryId),
  });
  const mine = useMyAppointments();
  const actions = useAppointmentActions();
  const [changing, setChanging] = useState<TAppointment>();

  const book = (slot: TSlot) => {
    if (!itemId) return void message.warning('请先选择要办理的事项');
    actions.book.mutate(
      { slotId: slot.id, itemId },
      {
        onSuccess: (a) => Modal.success({ title: '预约成功', content: <div data-testid="booked">预约码 <Typography.Text strong copyable>{a.code}</Typography.Text>，{a.slot.day} {chinaClock(a.slot.startsAt)} 到达后在取号机签到。</div> }),
        onError: (e) => message.error(errorMessage(e)),
      },
    );
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title="预约办事">
        {mine.data?.standing.paused && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} message={`近期爽约 ${mine.data.standing.noShows} 次，预约暂停至 ${mine.data.standing.pausedUntil}`} />
        )}
        <Space wrap style={{ marginBottom: 16 }}>
          <Select aria-label="服务中心" style={{ width: 220, maxWidth: '100%' }} value={centre} onChange={(v) => { setCentreId(v); setCategoryId(undefined); setItemId(undefined); }} options={centres?.centres.map((c) => ({ value: c.id, label: c.name }))} placeholder="服务中心" />
          <Select
            aria-label="业务类别"
            style={{ width: 200, maxWidth: '100%' }}
            data-testid="category"
            value={categoryId}
            onChange={(v) => { setCategoryId(v); setItemId(undefined); }}
            options={categories?.categories.map((c) => ({ value: c.id, label: `${c.prefix} ${c.name}` }))}
            placeholder="业务类别"
          />
          <Select
            aria-label="办理事项"
            style={{ width: 360, maxWidth: '100%' }}
            data-testid="item"
            showSearch
            optionFilterProp="label"
            value={itemId}
            onChange={setItemId}
            options={items?.items.map((i) => ({ value: i.id, label: `${i.name}（${i.departmentName}）` }))}
            placeholder="办理事项"
            disabled={!categoryId}
          />
        </Space>
        {categoryId ? <SlotPicker categoryId={categoryId} onPick={book} busy={actions.book.isPending} /> : <Typography.Text type="secondary">选择业务类别后显示可预约时段（工作日、延时服务与 365 周末时段）</Typography.Text>}
      </Card>
      <Card title="我的预约">
        <Table
          rowKey="id"
          size="small"
          loading={mine.isLoading}
          dataSource={mine.data?.appointments}
          pagination={false}
          columns={[
            { title: '时段', render: (_, a) => `${a.slot.day} ${chinaClock(a.slot.startsAt)}–${chinaClock(a.slot.endsAt)}` },
            { title: '事项', dataIndex: 'itemName' },
            { title: '类别', render: (_, a) => `${a.centreName} · ${a.categoryName}` },
            { title: '预约码', dataIndex: 'code' },
            { title: '状态', render: (_, a) => <Tag color={STATUS[a.status].color}>{STATUS[a.status].text}</Tag> },
            {
              title: '',
              render: (_, a) =>
                a.status === 'booked' && (
                  <Space>
                    <Button size="small" onClick={() => setChanging(a)}>改约</Button>
                    <Popconfirm title="取消这个预约？" onConfirm={() => actions.cancel.mutate(a.id, { onError: (e) => message.error(errorMessage(e)) })}>
                      <Button size="small" danger>取消</Button>
                    </Popconfirm>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Modal open={Boolean(changing)} title="改约：选择新时段" footer={null} onCancel={() => setChanging(undefined)} width={760}>
        {changing && (
          <SlotPicker
            categoryId={changing.categoryId}
            busy={actions.change.isPending}
            onPick={(slot) =>
              actions.change.mutate(
                { id: changing.id, slotId: slot.id },
                { onSuccess: () => { setChanging(undefined); message.success('已改约'); }, onError: (e) => message.error(errorMessage(e)) },
              )
            }
          />
        )}
      </Modal>
    </Space>
  );
}
